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
 * README's nightly command, three nights in a row on a fresh store: the first night has no passing run to compare
 * with and says so, runs, records itself and exits on its own gates; the second compares with the first; the third,
 * where a variant got worse, regresses (exit 1).
 */
class NightlyTest {
    static final Path CACHE = Path.of("target/parity-cache").toAbsolutePath();

    @TempDir
    Path dir;

    private record Night(int code, String out, JsonNode summary) {
    }

    private Night night(Path spec, ScoringPass.RunnerOpener opener) throws Exception {
        StringWriter o = new StringWriter(), e = new StringWriter();
        Path out = dir.resolve("runs/nightly");
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true),
                opener, "eval", spec.toString(), "--out", out.toString(),
                "--history", dir.resolve("runs/history.sqlite").toString(), "--baseline", "last-passing",
                "--cache", CACHE.toString(), "--speed-probe-ms", "0");
        return new Night(code, o + e.toString(), new ObjectMapper().readTree(out.resolve("summary.json").toFile()));
    }

    @Test
    void theFirstNightRunsWithoutABaselineAndTheNextOnesCompareWithIt() throws Exception {
        TestFiles.demoSubset(dir, 200);
        Path spec = TestFiles.subsetSpec(dir, "nightly", "target_precision: 0.8\nbatch_size: 25",
                "  - {name: copy, runtime: onnxruntime, artifact: '" + TestFiles.demoDir().resolve("model.onnx")
                        + "'}\n");
        IsolatedRunners isolated = new IsolatedRunners(CACHE, m -> { });

        Night first = night(spec, isolated::open);
        assertEquals(0, first.code(), first.out());
        assertTrue(first.out().contains("has no passing run of spec 'nightly' on this dataset yet (0 run(s) of it "
                + "recorded), so this run is compared with no baseline"), first.out());
        assertTrue(first.out().contains("recorded as run #1"), first.out());
        assertTrue(first.summary().path("decision").path("baseline").isNull());

        Night second = night(spec, isolated::open);
        assertEquals(0, second.code(), second.out());
        assertTrue(second.summary().path("decision").path("baseline").asText().startsWith("run #1 of"),
                second.summary().path("decision").toString());

        // the third night's 'copy' is off on the first sample of every batch: its agreement falls from the baseline
        Night third = night(spec, settings -> {
            Runner real = isolated.open(settings);
            return !settings.name().equals("copy") ? real : MisbehavingRunner.of(real, (out, call) -> {
                float[] d = out.data().clone();
                d[0] += 50;
                return new Outputs(out.name(), out.shape(), d);
            });
        });
        assertEquals(1, third.code(), third.out());
        assertEquals("regressed", third.summary().path("decision").path("outcome").asText());
        assertTrue(third.summary().path("decision").path("baseline").asText().startsWith("run #2 of"),
                "the latest passing night is the baseline");

        // the fourth night runs another file as 'copy' (the same graph, re-saved with a note): the banner says so
        Path resaved = dir.resolve("copy-v2.onnx");
        dev.parity.convert.OnnxModels.write(dev.parity.convert.OnnxModels.read(TestFiles.demoDir().resolve(
                "model.onnx")).toBuilder().addMetadataProps(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder()
                .setKey("note").setValue("re-exported")).build(), resaved);
        Files.writeString(spec, Files.readString(spec).replace("name: copy, runtime: onnxruntime, artifact: '"
                + TestFiles.demoDir().resolve("model.onnx") + "'", "name: copy, runtime: onnxruntime, artifact: '"
                + resaved + "'"));
        Night fourth = night(spec, isolated::open);
        assertEquals(0, fourth.code(), fourth.out());
        assertTrue(fourth.out().matches("(?s).*copy: model changed \\([0-9a-f]{12} -> [0-9a-f]{12}\\) since the "
                + "baseline.*"), fourth.out());
        assertTrue(Files.readString(dir.resolve("runs/nightly/report.md")).contains("copy: model changed"));
        assertTrue(Files.readString(dir.resolve("runs/nightly/report.html")).contains("Changed since the baseline"));

        // history: outcomes, not bare exit codes (REGRESSED and CANDIDATES FAILED both exit 1); the changed model
        StringWriter o = new StringWriter(), e = new StringWriter();
        assertEquals(0, ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), "history", "--history",
                dir.resolve("runs/history.sqlite").toString()), e.toString());
        String[] rows = o.toString().split("\n");
        assertTrue(rows[3].contains("regressed (1)"), o.toString());
        assertTrue(rows[1].contains("passed (0)"), o.toString());
        assertTrue(rows[4].trim().endsWith("*"), "the 'copy' column marks its new model: " + o);
        assertTrue(!rows[3].trim().endsWith("*"), o.toString());
    }
}
