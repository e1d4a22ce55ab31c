package dev.parity.harness.results;

/**
 * What scoring one variant produced: its scores (when it ran) or why it could not run. The variant is named; what
 * the spec says of it is the spec's.
 *
 * @param status          ok, unavailable (runtime cannot run here) or failed (error while running)
 * @param scores          one per sample, aligned by index; null unless ok
 * @param inferenceNanos  time spent inside the runtime's own calls, summed over batches
 * @param host            how its runtime ran on this host (worker process and mode, and why), or null in-process
 * @param peakRssBytes    the peak memory of its worker process, or -1 when unknown (in-process, served)
 * @param computedSamples samples actually run in this run (the rest came from a checkpoint), for speed figures
 */
public record VariantScores(String name, VariantStatus status, String reason, float[] scores,
                            String runtimeVersion, String executionProvider, long inferenceNanos,
                            long computedSamples, String host, long peakRssBytes) {

    /** Scores with no host record (constructed runs, merged shards). */
    public VariantScores(String name, VariantStatus status, String reason, float[] scores, String runtimeVersion,
                         String executionProvider, long inferenceNanos, long computedSamples) {
        this(name, status, reason, scores, runtimeVersion, executionProvider, inferenceNanos, computedSamples, null,
                -1);
    }

    /** Samples per second of this run's own inference, or null when nothing was computed. */
    public Double samplesPerSecond() {
        return inferenceNanos > 0 && computedSamples > 0 ? computedSamples / (inferenceNanos / 1e9) : null;
    }

    public boolean ok() {
        return status == VariantStatus.OK;
    }
}
