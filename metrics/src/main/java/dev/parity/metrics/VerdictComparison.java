package dev.parity.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A variant's verdicts at one threshold, compared with the reference's verdicts (taken as truth) and with
 * ground truth.
 *
 * @param threshold         the threshold both sides were cut at (positive iff score >= threshold)
 * @param vsReference       rows: reference verdict, columns: variant verdict
 * @param vsGroundTruth     rows: label, columns: variant verdict; null when there are no labels
 * @param flippedToPositive sample indices the reference calls negative and the variant positive
 * @param flippedToNegative sample indices the reference calls positive and the variant negative
 */
public record VerdictComparison(
        double threshold,
        ConfusionMatrix vsReference,
        ConfusionMatrix vsGroundTruth,
        List<Integer> flippedToPositive,
        List<Integer> flippedToNegative) {

    public VerdictComparison {
        flippedToPositive = List.copyOf(flippedToPositive);
        flippedToNegative = List.copyOf(flippedToNegative);
    }

    /** Fraction of samples where the variant's verdict equals the reference's. */
    public double agreement() {
        return vsReference.accuracy();
    }

    public long flips() {
        return flippedToPositive.size() + (long) flippedToNegative.size();
    }

    /**
     * @param labels ground truth aligned with the scores, or null when the dataset has none
     */
    public static VerdictComparison at(float[] reference, float[] variant, boolean[] labels, double threshold) {
        if (reference.length != variant.length) {
            throw new IllegalArgumentException(
                    "reference has " + reference.length + " scores but variant has " + variant.length);
        }
        return of(Verdicts.at(reference, threshold), Verdicts.at(variant, threshold), labels, threshold);
    }

    /**
     * The same from verdicts already taken at {@code threshold}, so that a run computes each variant's verdicts once.
     *
     * @param labels ground truth aligned with the verdicts, or null when the dataset has none
     */
    public static VerdictComparison of(boolean[] refVerdicts, boolean[] varVerdicts, boolean[] labels,
                                       double threshold) {
        if (refVerdicts.length != varVerdicts.length) {
            throw new IllegalArgumentException(
                    "reference has " + refVerdicts.length + " verdicts but variant has " + varVerdicts.length);
        }
        List<Integer> toPositive = new ArrayList<>();
        List<Integer> toNegative = new ArrayList<>();
        for (int i = 0; i < refVerdicts.length; i++) {
            if (refVerdicts[i] != varVerdicts[i]) {
                (varVerdicts[i] ? toPositive : toNegative).add(i);
            }
        }
        ConfusionMatrix vsGroundTruth = labels == null ? null : ConfusionMatrix.of(labels, varVerdicts);
        return new VerdictComparison(threshold, ConfusionMatrix.of(refVerdicts, varVerdicts), vsGroundTruth,
                toPositive, toNegative);
    }
}
