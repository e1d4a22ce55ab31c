package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standalone `parity bench` into an evaluation's folder decides again with its figures and re-renders. */
class BenchUpdatesRunTest {
    @TempDir
    Path dir;
    /** Runners in this process: the benchmark's figures, not the workers, are what the test is about. */
    final CliRunner runner = new CliRunner(dev.parity.runners.factory.Runners::open);
    String stdout;
    String stderr;

    private int cli(String... args) {
        int code = runner.run(args);
        stdout = runner.stdout;
        stderr = runner.stderr;
        return code;
    }

    @Test
    void benchFiguresReachTheRecommendationAndTheReports() throws IOException {
        CliRunner.tinyDataset(dir, 40, 7);
        Path spec = CliRunner.tinySpec(dir, "tiny", 8, "  - {name: ref, runtime: onnxruntime, artifact: '"
                + dev.parity.harness.TestFiles.demoDir().resolve("model.onnx") + "'}\n");
        Path run = dir.resolve("run");
        assertEquals(0, cli("eval", spec.toString(), "--out", run.toString(), "-q", "--cache", dir.resolve("c").toString()),
                stderr);
        ObjectMapper json = new ObjectMapper();
        assertEquals("speed probe", json.readTree(run.resolve("summary.json").toFile())
                .at("/decision/recommendation/figure_source").asText());
        assertEquals(0, cli("bench", spec.toString(), "--out", run.toString(), "--forks", "0", "--warmup", "0",
                "--iterations", "1", "--iteration-ms", "50", "--batch-sizes", "8", "-q",
                "--cache", dir.resolve("c").toString()), stderr);
        assertTrue(stdout.contains("updated " + run), stdout);
        JsonNode after = json.readTree(run.resolve("summary.json").toFile());
        assertEquals("parity bench", after.at("/decision/recommendation/figure_source").asText());
        assertTrue(Files.readString(run.resolve("report.html")).contains("parity bench"));
        // the run folder stays Parity's own after bench.json joined it: a rerun of eval may replace it
        assertEquals(0, cli("eval", spec.toString(), "--out", run.toString(), "-q", "--cache", dir.resolve("c").toString()),
                stderr);

        // bench --out on somebody's folder: refused before benchmarking, nothing touched
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        assertEquals(2, cli("bench", spec.toString(), "--out", mine.toString(), "--forks", "0", "--warmup", "0",
                "--iterations", "1", "--iteration-ms", "50", "--batch-sizes", "8", "-q",
                "--cache", dir.resolve("c").toString()), stderr);
        assertTrue(stderr.contains("'notes.txt'") && stderr.contains("Nothing was touched"), stderr);
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
        assertFalse(Files.exists(mine.resolve("bench.json")));
    }
}
