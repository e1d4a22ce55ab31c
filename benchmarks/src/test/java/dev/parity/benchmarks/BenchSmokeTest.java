package dev.parity.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.BenchSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the benchmark code works: one very short JMH iteration of each kind, in this JVM (no fork). Figures
 * from here mean nothing; `parity bench` measures.
 */
class BenchSmokeTest {
    static Path demoSpec() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("datasets/fashion-mnist-coat/eval.yaml");
            if (Files.isRegularFile(f)) return f;
            p = p.getParent();
        }
        throw new IllegalStateException("demo spec not found");
    }

    @Test
    void oneShortIterationOfEveryBenchmark(@TempDir Path cache) {
        BenchSummary s = BenchRunner.run(new BenchRunner.Options(demoSpec(), cache, List.of(8), 0, 0, 1, 50, 1,
                List.of("onnx-fp32", "onnx-int8", "tensorrt-int8"), null, true, false, List.of(), false), m -> { });
        assertEquals(2, s.results().size(), s.results().toString());
        for (BenchSummary.VariantResult r : s.results()) {
            assertTrue(r.samplesPerSecond() > 0, r.toString());
            assertTrue(r.latencyMsP50() != null && r.latencyMsP50() > 0, r.toString());
        }
        assertEquals("int8", s.results().stream().filter(r -> r.variant().equals("onnx-int8")).findFirst()
                .orElseThrow().precision());
        assertTrue(s.unavailable().containsKey("tensorrt-int8"), s.unavailable().toString());
        assertEquals(1.0, s.throughputRatioToBaseline().get("batch_8").get("onnx-fp32"), 1e-12);
        assertTrue(s.flopsPerSample() > 30e6 && s.flopsPerSample() < 40e6, "demo is ~36 MFLOP: " + s.flopsPerSample());
        assertEquals(8, s.overhead().size(), "bare and parity, batch 1 and 64, two modes");
        assertTrue(BenchTable.render(s).contains("onnx-int8"));
    }

    /** JMH takes a machine-wide file lock; another benchmark holding it is a retry-later, not a crash. */
    @Test
    void anotherBenchmarkHoldingJmhsLockIsNamed(@TempDir Path cache) throws Exception {
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        try (var channel = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE); var held = channel.tryLock()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(held != null, "another JMH run holds the lock right now");
            ParityInputException e = assertThrows(ParityInputException.class, () -> BenchRunner.run(
                    new BenchRunner.Options(demoSpec(), cache, List.of(8), 0, 0, 1, 50, 1, List.of("onnx-fp32"),
                            null, false, false, List.of(), false), m -> { }));
            assertTrue(e.getMessage().contains("another 'parity bench'") && e.getMessage().contains("JMH lock"),
                    e.getMessage());
        }
    }

    @Test
    void modelFlopsMatchTheHandCount() {
        // hand count in datasets/fashion-mnist-coat/README.md and make_demo.py: 35,863,424 FLOP per sample
        Path onnx = demoSpec().getParent().resolve("model.onnx");
        assertEquals(35_863_424L, ModelFlops.perSample(onnx, "image", new long[] {1, 28, 28}));
    }

    @Test
    void batchLargerThanTheDatasetIsRefused(@TempDir Path cache) {
        ParityInputException e = assertThrows(ParityInputException.class, () -> BenchRunner.run(
                new BenchRunner.Options(demoSpec(), cache, List.of(20_000), 0, 0, 1, 50, 1, List.of("onnx-fp32"),
                        null, false, false, List.of(), false), m -> { }));
        assertTrue(e.getMessage().contains("batch size 20000 is larger than the dataset (10000"), e.getMessage());
    }
}
