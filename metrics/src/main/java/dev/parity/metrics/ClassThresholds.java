package dev.parity.metrics;

/**
 * Per-class operating points of a multi-class model: for each class, the one-vs-rest threshold on its score that
 * reaches the target precision against the labels with the highest recall, by the binary rule
 * ({@link PrecisionTargetThreshold}: between samples, the same tie handling). A class the target cannot be reached
 * for has no threshold, and says why.
 *
 * @param points  by class, or null where unreachable
 * @param reasons by class, why there is no point (null where there is one)
 */
public record ClassThresholds(OperatingPoint[] points, String[] reasons) {

    /** @param scores per-class scores, finite (probabilities, or logits: the threshold is in their units) */
    public static ClassThresholds fit(ClassScores scores, int[] labels, double target) {
        int k = scores.classes();
        OperatingPoint[] points = new OperatingPoint[k];
        String[] reasons = new String[k];
        for (int c = 0; c < k; c++) {
            boolean[] isC = new boolean[labels.length];
            boolean any = false;
            for (int i = 0; i < labels.length; i++) {
                isC[i] = labels[i] == c;
                any |= isC[i];
            }
            if (!any) {
                reasons[c] = "no sample is labelled class " + c;
                continue;
            }
            try {
                points[c] = PrecisionTargetThreshold.find(scores.column(c), isC, target);
            } catch (UnreachablePrecisionException e) {
                reasons[c] = e.getMessage();
            }
        }
        return new ClassThresholds(points, reasons);
    }

    /**
     * Per class, the samples whose verdict "is it this class?" differs between the reference's and the variant's
     * scores at the reference's threshold for that class (0 where the class has no threshold). A NaN score is a
     * "no": it never clears a threshold.
     */
    public long[] flips(ClassScores reference, ClassScores variant) {
        long[] out = new long[points.length];
        for (int c = 0; c < points.length; c++) {
            if (points[c] == null) continue;
            double t = points[c].threshold();
            for (int i = 0; i < reference.samples(); i++) {
                if ((reference.at(i, c) >= t) != (variant.at(i, c) >= t)) out[c]++;
            }
        }
        return out;
    }
}
