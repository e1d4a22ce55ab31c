package dev.parity.harness.run;

import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.OperatingPoint;
import java.util.List;
import java.util.Map;

/**
 * The in-memory outcome of one evaluation.
 *
 * @param operatingPoint the reference threshold; its matrix is null when there are no labels
 * @param comparisons    by variant name, for every variant that ran (the reference included, trivially)
 * @param made           how each variant Parity made was made, by variant name
 * @param artifactShas   model-file SHA-256s already known (merged shards), by variant name; others are hashed
 */
public record EvaluationResult(
        ResolvedSpec spec,
        long samples,
        long[] inputShape,
        String inputDtype,
        boolean[] labels,
        List<VariantScores> variants,
        OperatingPoint operatingPoint,
        Map<String, Evaluation.Comparison> comparisons,
        Map<String, MadeVariant> made,
        Map<String, String> artifactShas,
        long startedAtMillis,
        double durationSeconds) {

    /** The scores of the named variant (null when it did not run). */
    public float[] scores(String variant) {
        return variants.stream().filter(v -> v.variant().name().equals(variant)).findFirst().orElseThrow().scores();
    }
}
