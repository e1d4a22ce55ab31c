package dev.parity.metrics;

/**
 * A decision threshold and what it achieves against ground truth (positive iff score >= threshold).
 *
 * @param threshold  the score at or above which a sample is called positive
 * @param matrix     the confusion matrix of those verdicts against the labels; null without labels
 * @param scoreBelow the highest score below the threshold (NaN when every sample is positive)
 * @param scoreAbove the lowest score at or above it (NaN when every sample is negative)
 */
public record OperatingPoint(double threshold, ConfusionMatrix matrix, double scoreBelow, double scoreAbove) {

    /** The operating point of a given threshold, with its neighbouring scores looked up. */
    public static OperatingPoint at(double threshold, float[] scores, ConfusionMatrix matrix) {
        double[] n = ThresholdPlacement.neighbours(scores, threshold);
        return new OperatingPoint(threshold, matrix, n[0], n[1]);
    }

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
