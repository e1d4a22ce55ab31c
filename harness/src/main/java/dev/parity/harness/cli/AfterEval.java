package dev.parity.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A step that `parity eval --bench` runs after a successful evaluation, supplied by the module that builds the
 * full command line (benchmarks), since the harness cannot depend on JMH.
 */
@FunctionalInterface
public interface AfterEval {
    /** @return an exit code; non-zero fails the command */
    int run(Path spec, Path outDir, Path cacheDir, PrintWriter out, PrintWriter err) throws Exception;
}
