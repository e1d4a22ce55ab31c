package dev.parity.app;

import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;

/** Runs the CLI in-process and keeps what it printed; makes the small random datasets CLI tests score. */
final class CliRunner {
    String stdout = "";
    String stderr = "";
    /** How eval opens runners: null for worker processes, as the product does. */
    private final dev.parity.harness.run.ScoringPass.RunnerOpener opener;

    CliRunner() {
        this(null);
    }

    CliRunner(dev.parity.harness.run.ScoringPass.RunnerOpener opener) {
        this.opener = opener;
    }

    int run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), opener, args);
        stdout = o.toString();
        stderr = e.toString();
        return code;
    }

    /** x.npy: random 28x28 uint8 images; y.npy: every third sample positive. */
    static void tinyDataset(Path dir, int samples, long seed) throws IOException {
        byte[] images = new byte[samples * 28 * 28];
        new Random(seed).nextBytes(images);
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {samples, 28, 28}, images);
        byte[] labels = new byte[samples];
        for (int i = 0; i < samples; i++) labels[i] = (byte) (i % 3 == 0 ? 1 : 0);
        TestFiles.uint8(dir.resolve("y.npy"), new long[] {samples}, labels);
    }

    /**
     * A spec over {@link #tinyDataset} (x.npy, y.npy in {@code dir}): the tiny models' input and output, a low
     * precision target and loose gates, so that random images make a run that passes; {@code variants} are the lines
     * under "variants:", the first being the reference 'ref'.
     */
    static Path tinySpec(Path dir, String name, int batchSize, String variants) throws IOException {
        return java.nio.file.Files.writeString(dir.resolve("spec.yaml"), """
                name: %s
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  preprocessing: {divide_by: 255, mean: [0.5], std: [0.5], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                target_precision: 0.3
                batch_size: %d
                gates: {min_agreement: 0.8, min_agreement_recalibrated: 0.8, max_precision_drop: 0.5, max_recall_drop: 0.5}
                reference: ref
                variants:
                %s""".formatted(name, batchSize, variants));
    }
}
