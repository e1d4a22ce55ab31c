package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.TestFiles;
import dev.parity.harness.output.HtmlReport;
import dev.parity.harness.results.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes or updates a run goes through one lifecycle and renders report.html once (it rendered
 * it up to three times in one `eval --bench`); the trend, the benchmark and the store record reach that one render.
 */
class RenderOnceTest {
    @TempDir
    Path dir;
    Path spec;
    Path store;
    final CliRunner cli = new CliRunner();

    @BeforeEach
    void data() throws IOException {
        CliRunner.tinyDataset(dir, 40, 5);
        store = dir.resolve("store.sqlite");
        spec = CliRunner.tinySpec(dir, "render-once", 8,
                "  - {name: ref, runtime: onnxruntime, artifact: '" + TestFiles.testModel("tiny.onnx") + "'}\n");
    }

    /** Runs a command and returns how many reports it rendered. */
    private long renders(int expectedExit, String... args) {
        long before = HtmlReport.renders();
        assertEquals(expectedExit, cli.run(args), cli.stderr);
        return HtmlReport.renders() - before;
    }

    private String[] withCache(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--cache";
        all[args.length + 1] = dir.resolve("cache").toString();
        return all;
    }

    @Test
    void evalMergeCompareAndBenchEachRenderTheReportOnce() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(1, renders(0, withCache("eval", spec.toString(), "--out", run.toString(), "-q", "--history",
                store.toString())));
        assertFalse(Files.readString(run.resolve("report.html")).contains("id=\"trend\""), "one run: no trend yet");
        assertEquals(1, renders(0, withCache("eval", spec.toString(), "--out", run.toString(), "-q", "--history",
                store.toString(), "--baseline", "last")));
        assertTrue(Files.readString(run.resolve("report.html")).contains("id=\"trend\""),
                "the second run's one render has the trend, this run included");

        Path a = dir.resolve("a"), b = dir.resolve("b");
        assertEquals(0, renders(0, withCache("eval", spec.toString(), "--shard", "1/2", "--out", a.toString(), "-q")));
        assertEquals(0, renders(0, withCache("eval", spec.toString(), "--shard", "2/2", "--out", b.toString(), "-q")));
        assertEquals(1, renders(0, withCache("merge", spec.toString(), a.toString(), b.toString(), "--out",
                dir.resolve("merged").toString(), "--history", store.toString(), "--baseline", "last")));
        assertTrue(Files.readString(dir.resolve("merged/report.html")).contains("id=\"trend\""),
                "merge draws the trend as eval does");

        assertEquals(1, renders(0, withCache("compare", "--reference", TestFiles.testModel("tiny.onnx").toString(),
                "--variant", "same=" + TestFiles.testModel("tiny.onnx"), "--inputs", dir.resolve("x.npy").toString(),
                "--labels", dir.resolve("y.npy").toString(), "--shape", "1,28,28", "--divide-by", "255",
                "--input", "image", "--output", "logit", "--target-precision", "0.3", "--out",
                dir.resolve("compared").toString(), "--history", store.toString())));
        assertTrue(cli.stderr.contains("recorded as run #"), "compare records its run: " + cli.stderr);

        assertEquals(1, renders(0, withCache("bench", spec.toString(), "--out", run.toString(), "--forks", "0",
                "--warmup", "0", "--iterations", "1", "--iteration-ms", "50", "--batch-sizes", "8", "-q")),
                "a benchmark into a run folder decides again and renders once");
    }

    /** `eval --bench` benchmarks before it decides: bench.json lands with the folder, and the figures decide. */
    @Test
    void evalWithBenchWritesTheFolderOnceWithTheBenchmarksFigures() throws IOException {
        Path run = dir.resolve("benched");
        assertEquals(1, renders(0, withCache("eval", spec.toString(), "--out", run.toString(), "-q", "--bench",
                "--history", store.toString())));
        assertTrue(Files.isRegularFile(run.resolve("bench.json")), "bench.json is written with the folder");
        JsonNode s = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertEquals("parity bench", s.at("/decision/recommendation/figure_source").asText(), s.toString());
        assertTrue(Files.readString(run.resolve(".parity-run")).contains("bench.json"),
                "bench.json is one of the folder's own files");
        assertTrue(cli.stdout.contains("samples/s"), "the benchmark's table is printed: " + cli.stdout);
    }

    /**
     * A benchmark that cannot run (another JMH run holds JMH's machine-wide lock) costs the benchmark, not the
     * evaluation: the run is decided with the speed probe, written without bench.json, and the exit code is the
     * benchmark's error (2), said after the table.
     */
    @Test
    void aFailingBenchmarkCostsTheBenchmarkNotTheRun() throws Exception {
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        try (var channel = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE); var held = channel.tryLock()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(held != null, "another JMH run holds the lock right now");
            Path run = dir.resolve("unbenched");
            assertEquals(1, renders(2, withCache("eval", spec.toString(), "--out", run.toString(), "-q", "--bench",
                    "--history", store.toString())));
            assertTrue(cli.stderr.contains("warning: the benchmark failed: another 'parity bench'")
                    && cli.stderr.contains("decided with the speed probe instead"), cli.stderr);
            assertTrue(Files.isRegularFile(run.resolve("summary.json")), "the evaluation is kept");
            assertFalse(Files.exists(run.resolve("bench.json")));
            JsonNode s = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
            assertEquals("speed probe", s.at("/decision/recommendation/figure_source").asText(), s.toString());
            assertTrue(cli.stdout.contains("PASSED"), "the table is printed: " + cli.stdout);
        }
    }
}
