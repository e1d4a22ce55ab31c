package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.harness.MisbehavingRunner;
import dev.parity.harness.TestFiles;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.NpyFile;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.worker.IsolatedRunners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Variants scored at once, each on its own worker running ahead of the others, give exactly the scores of a serial
 * run (one variant at a time, one thread each), and every variant sees every batch once, in order.
 */
class ParallelScoringTest {
    /** Not a multiple of the batch, and several blocks of batches (a block is about 1 MB of inputs). */
    static final int SAMPLES = 1000;
    static final int BATCH = 48;

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws IOException {
        TestFiles.demoSubset(dir, SAMPLES);
    }

    private static ResolvedSpec spec(int workers) throws IOException {
        Path demo = TestFiles.demoDir();
        return SpecLoader.load(Files.writeString(dir.resolve("spec-" + workers + ".yaml"), """
                name: parallel
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                target_precision: 0.9
                batch_size: %d
                threads: 1
                workers: %d
                reference: pytorch
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: '%s'}
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: '%s'}
                  - {name: slow-fp32, runtime: onnxruntime, artifact: '%s'}
                  - {name: onnx-fp16, runtime: onnxruntime, from: onnx-fp32, convert: {precision: fp16}}
                """.formatted(BATCH, workers, demo.resolve("model.pt"), demo.resolve("model.onnx"),
                demo.resolve("model.onnx"))));
    }

    /** The product's opener: TorchScript in a worker started in the mode its self-check passed in on this CPU. */
    static final IsolatedRunners ISOLATED = new IsolatedRunners(Path.of("target/parity-cache").toAbsolutePath(),
            m -> { });

    /** Scores of every variant, and the first sample index of each batch each variant was given, in order. */
    private static Map<String, float[]> score(ResolvedSpec spec, Map<String, List<Long>> seen) {
        VariantMaker.Result made = VariantMaker.make(spec, dir.resolve("cache"), m -> { });
        ScoringPass pass = new ScoringPass(spec, made, m -> { }, null, settings -> {
            List<Long> order = Collections.synchronizedList(new ArrayList<>());
            seen.put(settings.name(), order);
            // one variant is slow, so the others run ahead of it and queues fill up
            boolean slow = settings.name().startsWith("slow");
            return MisbehavingRunner.watched(ISOLATED.open(settings), b -> {
                order.add(b.firstIndex());
                if (slow) sleep();
            });
        });
        Map<String, float[]> out = new HashMap<>();
        try (NpyFile inputs = NpyFile.open(spec.inputs())) {
            for (VariantScores v : pass.run(new BatchStream(inputs, spec.preprocessing(), spec.batchSize()))) {
                assertEquals(VariantStatus.OK, v.status(), v.name() + ": " + v.reason());
                out.put(v.name(), v.scores());
            }
        }
        return out;
    }

    private static void sleep() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void parallelScoresAreBitIdenticalToSerialOnesAndBatchesArriveInOrder() throws IOException {
        Map<String, List<Long>> serialSeen = new HashMap<>();
        Map<String, float[]> serial = score(spec(1), serialSeen);
        for (int workers : new int[] {0, 4}) { // default (one per core), and more workers than cores
            Map<String, List<Long>> seen = new HashMap<>();
            Map<String, float[]> parallel = score(spec(workers), seen);
            assertEquals(serial.keySet(), parallel.keySet());
            for (String v : serial.keySet()) {
                float[] a = serial.get(v);
                float[] b = parallel.get(v);
                assertEquals(SAMPLES, b.length);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]),
                            v + " sample " + i + " with workers " + workers + ": " + a[i] + " vs " + b[i]);
                }
                List<Long> expected = new ArrayList<>();
                for (long first = 0; first < SAMPLES; first += BATCH) expected.add(first);
                assertEquals(expected, seen.get(v), v + " saw every batch once, in order");
            }
        }
    }
}
