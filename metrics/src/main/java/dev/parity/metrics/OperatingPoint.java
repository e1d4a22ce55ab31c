package dev.parity.metrics;

/**
 * A decision threshold and what it achieves against ground truth (positive iff score >= threshold).
 *
 * @param threshold the score at or above which a sample is called positive
 * @param matrix    the confusion matrix of those verdicts against the labels
 */
public record OperatingPoint(double threshold, ConfusionMatrix matrix) {

    public double precision() {
        return matrix.precision();
    }

    public double recall() {
        return matrix.recall();
    }

    /** Number of positive labels in the dataset. */
    public long positives() {
        return matrix.tp() + matrix.fn();
    }
}
