package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.TestFiles;
import dev.parity.app.ParityCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of the demo killed with SIGKILL mid-way and resumed gives the same summary.json (apart from the "run"
 * section) and the same scores.csv, byte for byte, as an uninterrupted run; and two uninterrupted runs agree
 * byte for byte the same way.
 */
class ResumeAndDeterminismTest {
    @TempDir
    Path dir;
    String stderr;

    private Path spec() throws IOException {
        Path demo = TestFiles.demoDir();
        String yaml = Files.readString(demo.resolve("eval.yaml"))
                .replaceAll("(inputs|labels|calibration|metadata|artifact): ([\\w.]+)", "$1: " + demo + "/$2");
        // three variants keep the test short: the reference, its export, and a made INT8 variant
        yaml = yaml.substring(0, yaml.indexOf("  - name: onnx-fp16")) + """
                  - name: onnx-int8
                    runtime: onnxruntime
                    from: onnx-fp32
                    convert: {precision: int8, target: onnxruntime-cpu}
                """;
        return Files.writeString(dir.resolve("demo.yaml"), yaml);
    }

    private int eval(Path spec, Path out, Path cache, String... extra) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        // no speed probe: its timings differ from run to run, and with them which of two passing variants ships;
        // everything else in summary.json must be byte for byte the same (seen flaky in CI before)
        String[] args = Stream.concat(Stream.of("eval", spec.toString(), "--out", out.toString(), "--cache",
                cache.toString(), "--speed-probe-ms", "0"), Stream.of(extra)).toArray(String[]::new);
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
        stderr = e.toString();
        return code;
    }

    /** summary.json up to its run-specific section, which is written last. */
    private static String deterministicPart(Path runDir) throws IOException {
        String s = Files.readString(runDir.resolve("summary.json"));
        int run = s.indexOf("\"run\" :");
        assertTrue(run > 0, "summary.json has a run section");
        return s.substring(0, run);
    }

    @Test
    void killedRunResumesToTheSameResultAndRunsAreDeterministic() throws Exception {
        Path spec = spec();
        Path cache = dir.resolve("cache");
        Path killed = dir.resolve("killed");
        Path scores = cache.resolve("scores");

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ParityCli.class.getName(),
                "eval", spec.toString(), "--out", killed.toString(), "--cache", cache.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (chunkFiles(scores) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the run must still be going when it is killed: " + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no cleanup
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(killed), "a killed run leaves no output folder");

        // a truncated checkpoint must be detected and recomputed, not trusted
        Path someChunk;
        try (Stream<Path> files = Files.walk(scores)) {
            someChunk = files.filter(f -> f.toString().endsWith(".scores")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(someChunk);
        Files.write(someChunk, java.util.Arrays.copyOf(bytes, bytes.length - 3));

        Path resumed = dir.resolve("resumed");
        assertEquals(0, eval(spec, resumed, cache, "--resume"), stderr);
        assertTrue(stderr.contains("from checkpoints"), stderr);
        assertFalse(stderr.contains("resumed 10000/10000 samples of pytorch"), "it really was interrupted: " + stderr);

        Path full = dir.resolve("full");
        assertEquals(0, eval(spec, full, cache), stderr);
        assertFalse(stderr.contains("from checkpoints"), "without --resume everything is computed");
        assertEquals(deterministicPart(full), deterministicPart(resumed));
        assertArrayEquals(Files.readAllBytes(full.resolve("scores.csv")), Files.readAllBytes(resumed.resolve("scores.csv")));

        Path again = dir.resolve("again");
        assertEquals(0, eval(spec, again, cache), stderr);
        assertEquals(deterministicPart(full), deterministicPart(again), "two runs, byte for byte");
        assertArrayEquals(Files.readAllBytes(full.resolve("scores.csv")), Files.readAllBytes(again.resolve("scores.csv")));
    }

    private static long chunkFiles(Path scores) throws IOException {
        if (!Files.isDirectory(scores)) return 0;
        try (Stream<Path> files = Files.walk(scores)) {
            return files.filter(f -> f.toString().endsWith(".scores")).count();
        }
    }

}
