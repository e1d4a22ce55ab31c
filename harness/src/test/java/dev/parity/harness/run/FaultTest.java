package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parity.harness.MisbehavingRunner;
import dev.parity.harness.TestFiles;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.factory.Runners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runners that fail in the ways real ones do, and a full disk: exit code, message, and nothing earlier lost. */
class FaultTest {
    static final int SAMPLES = 100;

    @TempDir
    Path dir;
    ResolvedSpec spec;

    @BeforeEach
    void data() throws IOException {
        Random rnd = new Random(8);
        byte[] images = new byte[SAMPLES * 784];
        rnd.nextBytes(images);
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {SAMPLES, 28, 28}, images);
        String tiny = TestFiles.testModel("tiny.onnx").toString();
        spec = SpecLoader.load(Files.writeString(dir.resolve("spec.yaml"), """
                name: faults
                dataset: {inputs: x.npy, preprocessing: {divide_by: 255, shape: [1, 28, 28]}}
                model: {input: image, output: logit}
                threshold: 0.0
                batch_size: 10
                variants:
                  - {name: ref, runtime: onnxruntime, artifact: '%s'}
                  - {name: good, runtime: onnxruntime, artifact: '%s'}
                  - {name: faulty, runtime: onnxruntime, artifact: '%s'}
                """.formatted(tiny, tiny, tiny)));
    }

    /** Opens real runners, but wraps the variant named "faulty" with the given misbehaviour. */
    private ScoringPass.RunnerOpener faulty(UnaryOperator<Outputs> misbehave) {
        return settings -> {
            Runner real = Runners.open(settings);
            return settings.name().equals("faulty") ? MisbehavingRunner.of(real, (out, call) -> misbehave.apply(out))
                    : real;
        };
    }

    private EvaluationResult run(ScoringPass.RunnerOpener opener) {
        return Evaluation.run(spec, dir.resolve("cache"), false, m -> { }, opener);
    }

    @Test
    void aRunnerThatThrowsMidRunFailsItsGateAndLosesNothingElse() {
        EvaluationResult clean = run(Runners::open);
        int[] calls = {0};
        EvaluationResult r = run(faulty(out -> {
            if (++calls[0] == 4) throw new RunnerFailureException("faulty: the engine crashed (test)", null);
            return out;
        }));
        VariantScores f = r.variants().get(2);
        assertEquals(VariantStatus.FAILED, f.status());
        assertTrue(f.reason().contains("engine crashed"), f.reason());
        assertArrayEquals(clean.variants().get(1).scores(), r.variants().get(1).scores(), "other variants intact");
        Decision d = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null);
        assertTrue(d.anyGateFailed(), "a crash is a failed gate: exit code 1");
        GateResult g = d.gates().stream().filter(x -> x.variant().equals("faulty")).findFirst().orElseThrow();
        assertEquals("completed", g.gate().key());
        assertFalse(d.recommendation().variant().equals("faulty"));
        assertTrue(d.recommendation().reasons().get("faulty").startsWith("failed here:"),
                d.recommendation().reasons().toString());
    }

    /** A wrong result count is that variant's failure, named with the samples it reached; the others go on. */
    @Test
    void aRunnerReturningTheWrongCountIsNamed() {
        EvaluationResult clean = run(Runners::open);
        EvaluationResult r = run(faulty(out -> new Outputs(out.name(), new long[] {out.shape()[0] - 1, 1},
                java.util.Arrays.copyOf(out.data(), out.data().length - 1))));
        VariantScores f = r.variants().get(2);
        assertEquals(VariantStatus.FAILED, f.status());
        assertTrue(f.reason().contains("failed at samples 0..9") && f.reason().contains("returned 9 result(s) for a "
                + "batch of 10 samples"), f.reason());
        assertArrayEquals(clean.variants().get(1).scores(), r.variants().get(1).scores(), "other variants intact");
    }

    @Test
    void theReferenceFailingStopsTheRunWithExitOneAndNothingWritten() {
        ScoringPass.RunnerOpener refFails = settings -> {
            Runner real = Runners.open(settings);
            return settings.name().equals("ref")
                    ? MisbehavingRunner.failing(real, new RunnerFailureException("ref died (test)", null)) : real;
        };
        dev.parity.harness.RunFailedException e = assertThrows(dev.parity.harness.RunFailedException.class,
                () -> run(refFails));
        assertTrue(e.getMessage().contains("the reference variant 'ref' failed") && e.getMessage().contains("ref died"),
                e.getMessage());
        assertEquals(1, e.status().exitCode, "a run that could not compare exits 1");
    }

    @Test
    void aRunnerReturningNaNFailsTheNanGate() {
        EvaluationResult r = run(faulty(out -> {
            float[] d = out.data().clone();
            d[0] = Float.NaN;
            return new Outputs(out.name(), out.shape(), d);
        }));
        Decision d = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null);
        GateResult nan = d.gates().stream().filter(g -> g.variant().equals("faulty") && g.gate() == GateName.MAX_NAN_INF)
                .findFirst().orElseThrow();
        assertEquals(GateResult.Status.FAIL, nan.status());
        assertEquals(10.0, nan.measured(), "one NaN per batch of 10, 10 batches");
    }

    /** A full disk: a 2 MB tmpfs that an earlier run fits on, then filled up. Runs where mount is allowed (root). */
    @Test
    void aFullDiskFailsCleanlyAndKeepsTheEarlierRun() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tiny"));
        assumeTrue(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start().waitFor() == 0, "cannot mount a tmpfs here");
        try {
            Path out = mount.resolve("run");
            assertEquals(0, evaluate(out).exitCode());
            byte[] before = Files.readAllBytes(out.resolve("summary.json"));
            long free = Files.getFileStore(mount).getUsableSpace();
            Files.write(mount.resolve("filler"), new byte[(int) Math.max(0, free - 20_000)]);
            dev.parity.harness.ParityInputException e = assertThrows(dev.parity.harness.ParityInputException.class,
                    () -> evaluate(out));
            assertEquals(2, e.status().exitCode, e.getMessage());
            assertTrue(e.getMessage().contains("cannot write the outputs to") && e.getMessage().contains("No space left"),
                    e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(out.resolve("summary.json")), "the earlier run is intact");
            try (var left = Files.list(mount)) {
                assertEquals(List.of("filler", "run"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                        "no staging folder left behind");
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    /** The whole run lifecycle of the spec into {@code out}, as eval runs it, without recording it. */
    private dev.parity.harness.pipeline.RunSession.Finished evaluate(Path out) {
        return dev.parity.harness.pipeline.RunSession.run(SpecLoader.load(dir.resolve("spec.yaml")),
                dev.parity.harness.pipeline.RunSession.scoring(false), dev.parity.harness.pipeline.RunSession.Settings
                        .defaults(m -> { }, m -> { }).withFolder(out).withCache(dir.resolve("cache")).withStore(null, false)
                        .withSpeedProbe(0));
    }
}
