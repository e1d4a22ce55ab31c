package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.MisbehavingRunner;
import dev.parity.harness.TestFiles;
import dev.parity.harness.run.ScoringPass;
import dev.parity.runners.Runner;
import dev.parity.runners.worker.IsolatedRunners;
import dev.parity.runners.worker.WorkerRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A native crash costs one variant, not the run: one variant's worker process is killed with SIGSEGV mid-run, and
 * the run still writes every report, with that variant failed (the signal named) and every other variant's scores
 * bit-identical to a run without the crash.
 */
class WorkerCrashTest {
    static final Path CACHE = Path.of("target/parity-cache").toAbsolutePath();

    @TempDir
    Path dir;

    private Path spec() throws Exception {
        TestFiles.demoSubset(dir, 300);
        return TestFiles.torchSpec(dir, "crash", 20, "  - {name: victim, runtime: onnxruntime, artifact: '"
                + TestFiles.demoDir().resolve("model.onnx") + "'}\n");
    }

    private static int eval(ScoringPass.RunnerOpener opener, Path spec, Path out) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        return ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true),
                opener, "eval", spec.toString(), "--out", out.toString(),
                "--cache", CACHE.toString(), "--no-history", "--speed-probe-ms", "0", "-q");
    }

    @Test
    void aSegfaultInOneWorkerFailsThatVariantAndLosesNothingElse() throws Exception {
        Path spec = spec();
        IsolatedRunners isolated = new IsolatedRunners(CACHE, m -> { });
        assertEquals(0, eval(isolated::open, spec, dir.resolve("clean")));
        ScoringPass.RunnerOpener crashing = settings -> {
            Runner real = isolated.open(settings);
            if (!settings.name().equals("victim")) return real;
            long pid = ((WorkerRunner) real).pid();
            return MisbehavingRunner.of(real, (out, call) -> {
                if (call == 4) signal(pid); // the 5th batch finds its worker dead
                return out;
            });
        };
        Path out = dir.resolve("crashed");
        assertEquals(1, eval(crashing, spec, out), "a crashed variant fails its gate");
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode victim = s.path("variants").get(2);
        assertEquals("failed", victim.path("status").asText());
        assertTrue(victim.path("reason").asText().contains("SIGSEGV"), victim.path("reason").asText());
        for (String f : List.of("report.html", "report.md", "junit.xml", "scores.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        for (String v : List.of("pytorch", "onnx-fp32")) {
            assertEquals(RunFiles.scoreColumns(dir.resolve("clean")).get(v), RunFiles.scoreColumns(out).get(v),
                    v + ": bit-identical to the run without the crash");
        }
    }

    private static void signal(long pid) {
        try {
            new ProcessBuilder("kill", "-SEGV", Long.toString(pid)).start().waitFor();
            Thread.sleep(300); // let it die before the next batch is sent
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
