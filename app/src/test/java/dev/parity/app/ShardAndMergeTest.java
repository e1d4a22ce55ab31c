package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.harness.TestFiles;
import dev.parity.harness.results.Shard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval --shard i/n} and {@code parity merge}: n shards joined give the run one whole evaluation gives. */
class ShardAndMergeTest {
    static final int SAMPLES = 50;

    @TempDir
    Path dir;
    Path spec;
    final CliRunner runner = new CliRunner();
    String stdout;
    String stderr;

    @BeforeEach
    void data() throws IOException {
        CliRunner.tinyDataset(dir, SAMPLES, 11);
        spec = CliRunner.tinySpec(dir, "tiny", 8, """
                  - {name: ref, runtime: onnxruntime, artifact: '%s'}
                  - {name: fp16, runtime: onnxruntime, from: ref, convert: {precision: fp16}}
                  - {name: gpu, runtime: onnxruntime, artifact: '%s', device: cuda}
                """.formatted(TestFiles.testModel("tiny.onnx"), TestFiles.testModel("tiny.onnx")));
    }

    private int cli(String... args) {
        int code = runner.run(args);
        stdout = runner.stdout;
        stderr = runner.stderr;
        return code;
    }

    private Path shard(int i, int n) {
        Path out = dir.resolve("shard-" + i + "-of-" + n);
        assertEquals(0, cli("eval", spec.toString(), "--shard", i + "/" + n, "--out", out.toString(), "--quiet",
                "--cache", dir.resolve("cache").toString()), stderr);
        return out;
    }

    /**
     * summary.json without what depends on timing: the run section, and the recommendation, which picks the
     * faster of two passing variants by evaluation-loop speed here (no bench figures).
     */
    private JsonNode withoutTiming(Path runDir) throws IOException {
        ObjectNode s = (ObjectNode) new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
        s.remove("run");
        ((ObjectNode) s.get("decision")).remove("recommendation");
        return s;
    }

    @Test
    void shardsAreContiguousBalancedAndCoverEverySampleOnce() {
        for (int n = 1; n <= 7; n++) {
            long next = 0;
            for (int i = 1; i <= n; i++) {
                Shard s = new Shard(i, n);
                assertEquals(next, s.first(SAMPLES));
                long size = s.end(SAMPLES) - s.first(SAMPLES);
                assertTrue(size == SAMPLES / n || size == SAMPLES / n + 1, "balanced: " + size);
                next = s.end(SAMPLES);
            }
            assertEquals(SAMPLES, next);
        }
    }

    @Test
    void mergedShardsGiveTheSameRunAsOneWholeEvaluation() throws IOException {
        Path whole = dir.resolve("whole");
        assertEquals(0, cli("eval", spec.toString(), "--out", whole.toString(), "--quiet",
                "--cache", dir.resolve("cache").toString()), stderr);
        Path a = shard(1, 3), b = shard(2, 3), c = shard(3, 3);
        assertTrue(stdout.contains("shard 3/3: samples 33..49 of 50 scored"), stdout);
        Path merged = dir.resolve("merged");
        // given in any order
        assertEquals(0, cli("merge", spec.toString(), c.toString(), a.toString(), b.toString(),
                "--out", merged.toString()), stderr);
        assertEquals(withoutTiming(whole), withoutTiming(merged));
        assertTrue(Files.isRegularFile(merged.resolve("report.html")));
        assertEquals(SAMPLES + 1, Files.readAllLines(merged.resolve("scores.csv")).size());
    }

    @Test
    void aMissingOrRepeatedShardIsRefused() {
        Path a = shard(1, 3), c = shard(3, 3);
        assertEquals(2, cli("merge", spec.toString(), a.toString(), c.toString(), "--out", dir.resolve("m").toString()));
        assertTrue(stderr.contains("missing shard(s) 2/3 (samples 16..32)"), stderr);
        assertEquals(2, cli("merge", spec.toString(), a.toString(), a.toString(), c.toString(),
                "--out", dir.resolve("m").toString()));
        assertTrue(stderr.contains("shard 1/3 is given twice"), stderr);
        assertFalse(Files.exists(dir.resolve("m")));
    }

    @Test
    void shardsOfAnotherSpecOrWithDamagedScoresAreRefused() throws IOException {
        Path a = shard(1, 2), b = shard(2, 2);
        Files.write(b.resolve("scores/0.f32"), new byte[] {1, 2, 3, 4}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(2, cli("merge", spec.toString(), a.toString(), b.toString(), "--out", dir.resolve("m").toString()));
        assertTrue(stderr.contains("the scores of 'ref' are damaged"), stderr);
        Files.writeString(spec, Files.readString(spec).replace("target_precision: 0.3", "target_precision: 0.31"));
        assertEquals(2, cli("merge", spec.toString(), a.toString(), b.toString(), "--out", dir.resolve("m").toString()));
        assertTrue(stderr.contains("this shard ran a different spec"), stderr);
    }

    @Test
    void badShardArgumentsAreUsageErrors() {
        assertEquals(2, cli("eval", spec.toString(), "--shard", "4/3"));
        assertTrue(stderr.contains("1 <= i <= n"), stderr);
        assertEquals(2, cli("eval", spec.toString(), "--shard", "half"));
        assertTrue(stderr.contains("--shard must be i/n"), stderr);
    }

    @Test
    void mergeNeverDeletesWhatParityDidNotWrite() throws IOException {
        Path a = shard(1, 2), b = shard(2, 2);
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        assertEquals(2, cli("merge", spec.toString(), a.toString(), b.toString(), "--out", mine.toString()), stderr);
        assertTrue(stderr.contains("not a Parity output folder") && stderr.contains("'notes.txt'"), stderr);
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    }

    @Test
    void aShardWithNoSamplesIsRefused() {
        assertEquals(2, cli("eval", spec.toString(), "--shard", "1/200", "--out", dir.resolve("s").toString(), "-q",
                "--cache", dir.resolve("cache").toString()));
        assertTrue(stderr.contains("has " + SAMPLES + " sample(s), so this shard would hold none; use at most "
                + SAMPLES + " shards"), stderr);
        assertFalse(Files.exists(dir.resolve("s")));
    }
}
