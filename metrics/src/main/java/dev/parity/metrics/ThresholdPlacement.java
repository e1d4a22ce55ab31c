package dev.parity.metrics;

/**
 * Where a threshold goes once the verdicts it must give are chosen: strictly between two adjacent distinct scores,
 * at their midpoint as a float32 value, so that no sample sits on it. A threshold on a sample's score makes every
 * variant whose score moves by one rounding error "flip" that sample, and makes the verdict of a deployment that
 * compares in another precision a coin toss.
 *
 * <p>Only when two scores are adjacent floats (nothing lies between them) does the threshold take the upper one;
 * {@code score >= t} then still gives that sample its positive verdict, in float32 and in float64 alike.
 */
public final class ThresholdPlacement {
    private ThresholdPlacement() {
    }

    /** Between {@code lower} (negative) and {@code upper} (positive), lower < upper. */
    public static double between(float lower, float upper) {
        float mid = (float) (((double) lower + (double) upper) / 2);
        return mid > lower && mid < upper ? mid : upper;
    }

    /**
     * Below every score, when all are positive verdicts: as far below the lowest as half the gap to the next
     * distinct score above it (or half the score's magnitude, at least 0.5, when there is none).
     *
     * @param nextAbove the next distinct score above {@code lowest}, or NaN when there is none
     */
    public static double below(float lowest, float nextAbove) {
        double half = Float.isNaN(nextAbove) ? Math.max(0.5, Math.abs(lowest) / 2) : ((double) nextAbove - lowest) / 2;
        float t = (float) (lowest - half);
        return t < lowest ? t : Math.nextDown(lowest);
    }

    /**
     * Above every score, when all are negative verdicts: as far above the highest as half the gap to the next
     * distinct score below it (or half the score's magnitude, at least 0.5, when there is none).
     *
     * @param nextBelow the next distinct score below {@code highest}, or NaN when there is none
     */
    public static double above(float highest, float nextBelow) {
        double half = Float.isNaN(nextBelow) ? Math.max(0.5, Math.abs(highest) / 2) : ((double) highest - nextBelow) / 2;
        float t = (float) (highest + half);
        return t > highest && Float.isFinite(t) ? t : Math.nextUp(highest);
    }

    /**
     * The finite scores nearest a threshold: the highest below it and the lowest at or above it, NaN where there
     * is none. {@code [0]} below, {@code [1]} at or above.
     */
    public static double[] neighbours(float[] scores, double threshold) {
        double below = Double.NEGATIVE_INFINITY, above = Double.POSITIVE_INFINITY;
        for (float s : scores) {
            if (!Float.isFinite(s)) continue;
            if (s >= threshold) above = Math.min(above, s);
            else below = Math.max(below, s);
        }
        return new double[] {below == Double.NEGATIVE_INFINITY ? Double.NaN : below,
                above == Double.POSITIVE_INFINITY ? Double.NaN : above};
    }
}
