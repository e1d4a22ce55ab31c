package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.MisbehavingRunner;
import dev.parity.harness.TestFiles;
import dev.parity.harness.run.ScoringPass;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.worker.IsolatedRunners;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of one spec as if made on two hosts (the second host's kernels simulated by a runtime that shifts one
 * variant's scores on a few samples) join into one comparison: every variant per host, the first host's reference,
 * and the flips between a variant's hosts counted by hand.
 */
class JoinTest {
    static final Path CACHE = Path.of("target/parity-cache").toAbsolutePath();
    static final int SAMPLES = 200;

    @TempDir
    Path dir;

    private int cli(ScoringPass.RunnerOpener opener, StringWriter out, String... args) {
        return ParityCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                opener, args);
    }

    @Test
    void runsOfTwoHostsBecomeOneComparisonWithTheFlipsBetweenThem() throws Exception {
        TestFiles.demoSubset(dir, SAMPLES);
        Path spec = TestFiles.subsetSpec(dir, "hosts", "target_precision: 0.8\nbatch_size: 25",
                "  - {name: copy, runtime: onnxruntime, artifact: '" + TestFiles.demoDir().resolve("model.onnx")
                        + "'}\n");
        IsolatedRunners isolated = new IsolatedRunners(CACHE, m -> { });
        String[] common = {"--cache", CACHE.toString(), "--no-history", "--speed-probe-ms", "0", "-q"};
        assertEquals(0, cli(isolated::open, new StringWriter(), concat(new String[] {"eval", spec.toString(),
                "--out", dir.resolve("a").toString()}, common)));
        // host b computes 'copy' differently: its first sample of every batch moves far up
        ScoringPass.RunnerOpener otherHost = settings -> {
            Runner real = isolated.open(settings);
            if (!settings.name().equals("copy")) return real;
            return MisbehavingRunner.of(real, (out, call) -> {
                float[] d = out.data().clone();
                d[0] += 50;
                return new Outputs(out.name(), out.shape(), d);
            });
        };
        cli(otherHost, new StringWriter(), concat(new String[] {"eval", spec.toString(), "--out",
                dir.resolve("b").toString()}, common));
        StringWriter out = new StringWriter();
        int code = cli(null, out, "join", spec.toString(), dir.resolve("a").toString(), dir.resolve("b").toString(),
                "--out", dir.resolve("joined").toString());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("joined/summary.json").toFile());
        assertEquals("onnx-fp32@a", s.path("reference").path("variant").asText());
        assertEquals(4, s.path("variants").size(), "two variants x two hosts");
        JsonNode copyB = s.path("variants").get(3);
        assertEquals("copy@b", copyB.path("name").asText());
        // the first sample of each batch pushed above any threshold: a flip wherever the reference said negative
        java.util.List<String> ref = RunFiles.scoreColumns(dir.resolve("a")).get("onnx-fp32");
        double t = s.path("reference").path("threshold").asDouble();
        long expected = 0;
        for (int i = 0; i < SAMPLES; i += 25) if (Float.parseFloat(ref.get(i)) < t) expected++;
        assertTrue(expected > 0, "the test moves some verdicts");
        assertEquals(expected, copyB.path("at_reference_threshold").path("flips").asLong());
        assertTrue(out.toString().contains("copy@b") && out.toString().contains(expected + " flip(s) vs a"),
                out.toString());
        assertTrue(out.toString().contains("onnx-fp32@b              0 flip(s) vs a"), out.toString());
        assertEquals(1, code, "copy@b fails min_agreement");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
