package dev.parity.harness.pipeline;

import dev.parity.harness.results.BenchSummary;
import java.nio.file.Path;

/**
 * A benchmark a run takes before it decides ({@code eval --bench}), supplied by the module that has JMH (the
 * harness cannot depend on it); its figures decide the recommendation in place of the speed probe.
 */
@FunctionalInterface
public interface Benchmark {
    /**
     * Measures every variant of the run's spec, reusing what the evaluation made in {@code cacheDir}.
     *
     * @param samples the dataset's size (no batch larger than it is measured)
     */
    BenchSummary measure(Path cacheDir, long samples) throws Exception;
}
