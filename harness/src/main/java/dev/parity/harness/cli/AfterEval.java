package dev.parity.harness.cli;

import dev.parity.harness.results.BenchSummary;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The benchmark `parity eval --bench` takes before it decides, supplied by the module that builds the full command
 * line (benchmarks), since the harness cannot depend on JMH.
 */
@FunctionalInterface
public interface AfterEval {
    /** Benchmarks the spec's variants with the default settings, printing its table to {@code out}. */
    BenchSummary measure(Path spec, Path cacheDir, PrintWriter out, PrintWriter err) throws Exception;
}
