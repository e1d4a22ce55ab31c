package dev.parity.harness.results;

import dev.parity.metrics.ClassAccuracy;
import dev.parity.metrics.ClassComparison;

/**
 * A multi-class variant against the reference: its top class beside the reference's on every sample, against the
 * labels, and at the reference's per-class operating points.
 *
 * @param vsReference    top-1 agreement, the class flip matrix, the changed samples and top-k overlap
 * @param vsTruth        its top class against the labels; null without labels
 * @param thresholdFlips per class, samples whose "is it this class?" verdict differs from the reference's at the
 *                       reference's threshold for the class; null without labels (no thresholds are fitted)
 * @param top1           its class of every sample ({@link dev.parity.metrics.ClassScores#NONE} where a score is
 *                       not finite)
 */
public record ClassFigures(ClassComparison vsReference, ClassAccuracy vsTruth, long[] thresholdFlips, int[] top1) {

    /**
     * Per reference class c: the share of samples the reference puts in c that the variant also puts in c (NaN for
     * a class the reference never predicts).
     */
    public double classAgreement(int cls) {
        long[] row = vsReference.flips()[cls];
        long total = 0;
        for (long x : row) total += x;
        return total == 0 ? Double.NaN : (double) row[cls] / total;
    }

    /** Samples the reference puts in the class. */
    public long referenceClassSize(int cls) {
        long total = 0;
        for (long x : vsReference.flips()[cls]) total += x;
        return total;
    }
}
