package dev.parity.harness.run;

import dev.parity.harness.spec.ResolvedSpec;

/**
 * What scoring one variant produced: its scores (when it ran) or why it could not run.
 *
 * @param status          ok, unavailable (runtime cannot run here) or failed (error while running)
 * @param scores          one per sample, aligned by index; null unless ok
 * @param inferenceNanos  time spent inside the runner's run() calls, summed over batches
 */
public record VariantScores(ResolvedSpec.Variant variant, Status status, String reason, float[] scores,
                            String runtimeVersion, String executionProvider, long inferenceNanos) {

    public enum Status { OK, UNAVAILABLE, FAILED }

    public boolean ok() {
        return status == Status.OK;
    }
}
