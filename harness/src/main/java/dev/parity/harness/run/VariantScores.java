package dev.parity.harness.run;

import dev.parity.harness.spec.ResolvedSpec;

/**
 * What scoring one variant produced: its scores (when it ran) or why it could not run.
 *
 * @param status          ok, unavailable (runtime cannot run here) or failed (error while running)
 * @param scores          one per sample, aligned by index; null unless ok
 * @param inferenceNanos  time spent inside the runner's run() calls, summed over batches
 * @param computedSamples samples actually run in this run (the rest came from a checkpoint), for speed figures
 */
public record VariantScores(ResolvedSpec.Variant variant, Status status, String reason, float[] scores,
                            String runtimeVersion, String executionProvider, long inferenceNanos,
                            long computedSamples) {

    /** Samples per second of this run's own inference, or null when nothing was computed. */
    public Double samplesPerSecond() {
        return inferenceNanos > 0 && computedSamples > 0 ? computedSamples / (inferenceNanos / 1e9) : null;
    }

    public enum Status { OK, UNAVAILABLE, FAILED }

    public boolean ok() {
        return status == Status.OK;
    }
}
