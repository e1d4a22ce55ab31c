package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference Parity cannot trust is never the answer: the PyTorch reference (run as every run runs it, in a worker
 * in its self-checked mode) is made wrong on purpose by a test runtime around it, and the run must say that the
 * reference is not trusted, name its FP32 export as the evidence, ship nothing and exit non-zero, with every report
 * written. Untouched, the same pair agrees to float32 rounding (the known identity: FP32 export vs TorchScript).
 */
class ReferenceTrustTest {
    static final int SAMPLES = 400;
    static final Path CACHE = Path.of("target/parity-cache").toAbsolutePath();

    @TempDir
    Path dir;
    Path spec;

    @BeforeEach
    void demoPair() throws Exception {
        TestFiles.demoSubset(dir, SAMPLES);
        spec = TestFiles.torchSpec(dir, "trust", 50, "");
    }

    /** The product's opener, with the reference's outputs passed through {@code fault}. */
    private static ScoringPass.RunnerOpener referenceThrough(UnaryOperator<float[]> fault) {
        IsolatedRunners isolated = new IsolatedRunners(CACHE, m -> { });
        return settings -> {
            Runner real = isolated.open(settings);
            if (!settings.name().equals("pytorch")) return real;
            return MisbehavingRunner.of(real, (out, call) -> new Outputs(out.name(), out.shape(),
                    fault.apply(out.data().clone())));
        };
    }

    private record Result(int code, String out, JsonNode summary, Path folder) {
    }

    private Result eval(ScoringPass.RunnerOpener opener) throws Exception {
        Path out = dir.resolve("run");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true),
                opener, "eval", spec.toString(), "--out", out.toString(),
                "--cache", CACHE.toString(), "--no-history", "--speed-probe-ms", "30");
        JsonNode s = Files.isRegularFile(out.resolve("summary.json"))
                ? new ObjectMapper().readTree(out.resolve("summary.json").toFile()) : null;
        return new Result(code, o + e.toString(), s, out);
    }

    private static JsonNode gate(JsonNode summary, String name) {
        for (JsonNode g : summary.path("decision").path("gates")) {
            if (g.path("gate").asText().equals(name)) return g;
        }
        throw new AssertionError("no gate " + name);
    }

    @Test
    void theDemoReferenceAgreesWithItsFp32ExportToFloatRounding() throws Exception {
        Result r = eval(referenceThrough(x -> x));
        assertEquals(0, r.code(), r.out());
        JsonNode g = gate(r.summary(), "reference_cross_check");
        assertEquals("PASS", g.path("status").asText());
        assertTrue(g.path("measured").asDouble() < 1e-4, "FP32 export vs TorchScript: " + g.path("measured"));
        assertTrue(r.summary().path("variants").get(0).path("host").asText().startsWith("worker process"));
    }

    @Test
    void aWrongReferenceIsNotTrustedNamesItsExportAndShipsNothing() throws Exception {
        Result r = eval(referenceThrough(x -> {
            for (int i = 0; i < x.length; i += 3) x[i] += 2.5f; // a kernel that is off on some samples
            return x;
        }));
        assertEquals(1, r.code(), r.out());
        assertEquals("reference_untrusted", r.summary().path("decision").path("outcome").asText());
        assertEquals("FAIL", gate(r.summary(), "reference_cross_check").path("status").asText());
        assertTrue(r.summary().path("decision").path("recommendation").path("variant").isNull());
        String md = Files.readString(r.folder().resolve("report.md"));
        for (String text : new String[] {r.out(), md, Files.readString(r.folder().resolve("report.html")),
                Files.readString(r.folder().resolve("junit.xml"))}) {
            assertTrue(text.contains("REFERENCE UNTRUSTED") && text.contains("onnx-fp32"), text);
            assertFalse(text.contains("Ship '"), "no ship line anywhere: " + text);
        }
        assertTrue(md.contains("not trusted"), md);
    }

    @Test
    void aReferenceWithNanScoresEndsInAReportThatNamesTheSamples() throws Exception {
        Result r = eval(referenceThrough(x -> {
            x[1] = Float.NaN; // the second sample of every batch
            return x;
        }));
        assertEquals(1, r.code(), r.out());
        assertEquals("reference_untrusted", r.summary().path("decision").path("outcome").asText());
        JsonNode g = gate(r.summary(), "reference_finite");
        assertEquals("FAIL", g.path("status").asText());
        assertEquals(SAMPLES / 50, g.path("measured").asInt(), "one NaN per batch");
        assertTrue(g.path("detail").asText().contains("[1, 51, 101") && g.path("detail").asText()
                .contains("inputs finite"), g.path("detail").asText());
        assertTrue(r.out().contains("whose inputs were finite"), r.out());
        assertTrue(Files.isRegularFile(r.folder().resolve("report.html")));
    }
}
