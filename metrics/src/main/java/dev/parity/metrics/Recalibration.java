package dev.parity.metrics;

/**
 * The threshold at which a variant's verdicts agree best with the reference's verdicts.
 *
 * <p>Agreement at threshold t is #(reference positive and variant score >= t) + #(reference negative and
 * variant score < t). Only the distinct variant scores matter: every t in (next lower score, score] gives the
 * same verdicts. One descending sweep over the variant's scores finds the best interval in O(n log n).
 *
 * <p>The fitted threshold is always a finite number. Non-finite scores give the same verdict at every finite
 * threshold (+Inf positive; -Inf and NaN negative), so they are counted as fixed verdicts and the sweep runs over
 * the finite scores only. When the best cut admits no finite score, {@code aboveEveryFiniteScore} says so.
 *
 * <p>Ties are broken toward the reference threshold: among all intervals with the best agreement, the one closest
 * to it is chosen; if the reference threshold itself lies in it, it is returned unchanged. So a variant that
 * already agrees as well as it can keeps the reference threshold, and agreement after is never below agreement
 * before (the reference threshold is always a candidate). Otherwise the threshold sits strictly between the
 * interval's two scores, at their float32 midpoint ({@link ThresholdPlacement}), never on a sample.
 *
 * @param referenceThreshold    the reference's operating threshold (finite)
 * @param threshold             the fitted threshold for the variant (finite)
 * @param agreeingBefore        samples whose verdicts agree at the reference threshold
 * @param agreeingAfter         samples whose verdicts agree at the fitted threshold
 * @param samples               total samples
 * @param aboveEveryFiniteScore the fitted threshold lies above every finite score of the variant (it makes every
 *                              finite score a negative verdict); false when the variant has no finite score
 * @param scoreBelow            the variant's highest finite score below the fitted threshold, NaN when none
 * @param scoreAbove            its lowest finite score at or above it, NaN when none
 */
public record Recalibration(double referenceThreshold, double threshold, long agreeingBefore, long agreeingAfter,
                            long samples, boolean aboveEveryFiniteScore, double scoreBelow, double scoreAbove) {

    public double agreementBefore() {
        return samples == 0 ? Double.NaN : (double) agreeingBefore / samples;
    }

    public double agreementAfter() {
        return samples == 0 ? Double.NaN : (double) agreeingAfter / samples;
    }

    public boolean thresholdChanged() {
        return Double.compare(threshold, referenceThreshold) != 0;
    }

    /**
     * @param referenceVerdicts the reference's verdicts at its own threshold (the truth to agree with)
     * @param variant           the variant's scores, any of them NaN or infinite
     * @param referenceThreshold finite
     */
    public static Recalibration fit(boolean[] referenceVerdicts, float[] variant, double referenceThreshold) {
        int n = variant.length;
        if (referenceVerdicts.length != n) {
            throw new IllegalArgumentException("reference has " + referenceVerdicts.length
                    + " verdicts but variant has " + n + " scores");
        }
        if (!Double.isFinite(referenceThreshold)) {
            throw new IllegalArgumentException("the reference threshold must be finite, got " + referenceThreshold);
        }
        long fixedAgreeing = 0, refNegativesFinite = 0;
        for (int i = 0; i < n; i++) {
            float v = variant[i];
            if (!Float.isFinite(v)) {
                if ((v == Float.POSITIVE_INFINITY) == referenceVerdicts[i]) fixedAgreeing++;
            } else if (!referenceVerdicts[i]) {
                refNegativesFinite++;
            }
        }
        int[] order = ScoreOrder.descendingFinite(variant);

        // Candidate intervals: "admit no finite score" (t above the highest finite score), then after each group of
        // equal scores s_j, the interval (s_{j+1}, s_j], whose lower end is -infinity after the last group.
        long posAbove = 0, negAbove = 0;
        long best = -1;
        double bestLower = 0, bestUpper = 0, bestDistance = Double.POSITIVE_INFINITY;
        // above Float.MAX_VALUE no finite threshold exists, so that candidate is skipped
        if (order.length == 0 || variant[order[0]] < Float.MAX_VALUE) {
            best = refNegativesFinite + fixedAgreeing;
            bestLower = order.length == 0 ? Double.NEGATIVE_INFINITY : variant[order[0]];
            bestUpper = Double.POSITIVE_INFINITY;
            bestDistance = distanceToInterval(referenceThreshold, bestLower, bestUpper);
        }
        for (int j = 0; j < order.length; j++) {
            int i = order[j];
            if (referenceVerdicts[i]) posAbove++; else negAbove++;
            boolean groupEnds = j + 1 == order.length || variant[order[j + 1]] != variant[i];
            if (!groupEnds) {
                continue;
            }
            long agreeing = posAbove + (refNegativesFinite - negAbove) + fixedAgreeing;
            double upper = variant[i];
            double lower = j + 1 == order.length ? Double.NEGATIVE_INFINITY : variant[order[j + 1]];
            double distance = distanceToInterval(referenceThreshold, lower, upper);
            if (agreeing > best || (agreeing == best && distance < bestDistance)) {
                best = agreeing;
                bestLower = lower;
                bestUpper = upper;
                bestDistance = distance;
            }
        }
        long before = 0;
        for (int i = 0; i < n; i++) {
            if ((variant[i] >= referenceThreshold) == referenceVerdicts[i]) before++;
        }
        double fitted = place(referenceThreshold, bestLower, bestUpper, variant, order);
        boolean aboveAll = order.length > 0 && bestUpper == Double.POSITIVE_INFINITY;
        double[] near = ThresholdPlacement.neighbours(variant, fitted);
        return new Recalibration(referenceThreshold, fitted, before, best, n, aboveAll, near[0], near[1]);
    }

    /**
     * The threshold for the chosen interval (lower, upper] of the variant's scores: the reference threshold when
     * it lies in it, else strictly between the interval's ends.
     */
    private static double place(double referenceThreshold, double lower, double upper, float[] variant, int[] order) {
        if (referenceThreshold > lower && referenceThreshold <= upper) return referenceThreshold;
        if (upper == Double.POSITIVE_INFINITY) {
            // above every finite score: half a gap above the highest
            return ThresholdPlacement.above((float) lower, distinctAfter(variant, order, (float) lower));
        }
        if (lower == Double.NEGATIVE_INFINITY) {
            float nextAbove = Float.NaN;
            for (int j = order.length - 1; j >= 0; j--) {
                if (variant[order[j]] > upper) {
                    nextAbove = variant[order[j]];
                    break;
                }
            }
            return ThresholdPlacement.below((float) upper, nextAbove);
        }
        return ThresholdPlacement.between((float) lower, (float) upper);
    }

    /** The next distinct score below {@code score} in the descending order, NaN when none. */
    private static float distinctAfter(float[] variant, int[] order, float score) {
        for (int i : order) {
            if (variant[i] < score) return variant[i];
        }
        return Float.NaN;
    }

    /** Distance from t to the half-open interval (lower, upper]; 0 inside it. */
    private static double distanceToInterval(double t, double lower, double upper) {
        if (t > upper) return t - upper;
        if (t <= lower) return lower - t;
        return 0;
    }

}
