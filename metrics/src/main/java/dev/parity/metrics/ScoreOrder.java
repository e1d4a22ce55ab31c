package dev.parity.metrics;

/**
 * Sample indices ordered by descending score, by an LSD radix sort on the scores' bit patterns.
 *
 * <p>Each float maps to an int whose unsigned order is the wanted (descending) order; three stable counting
 * passes of 11, 11 and 10 bits then sort the indices in O(n), about five times faster than sorting packed
 * longs with {@code Arrays.sort} at 10 million samples. Stability means equal scores keep ascending index order,
 * which makes every sweep built on this deterministic.
 */
public final class ScoreOrder {
    private ScoreOrder() {
    }

    /**
     * Indices of the non-NaN scores, highest score first. NaN scores are left out: a NaN is never at or above any
     * threshold, so callers treat those samples as fixed negative verdicts.
     */
    public static int[] descendingNonNaN(float[] scores) {
        return descending(scores, false);
    }

    /**
     * Indices of the finite scores, highest first. NaN and +-Inf are left out: at every finite threshold +Inf is a
     * positive verdict and -Inf and NaN negative ones, so sweeps that look for a finite threshold treat them as fixed.
     */
    public static int[] descendingFinite(float[] scores) {
        return descending(scores, true);
    }

    private static int[] descending(float[] scores, boolean finiteOnly) {
        int n = 0;
        for (float s : scores) {
            if (finiteOnly ? Float.isFinite(s) : !Float.isNaN(s)) n++;
        }
        int[] keys = new int[n];
        int[] order = new int[n];
        int k = 0;
        for (int i = 0; i < scores.length; i++) {
            if (finiteOnly ? Float.isFinite(scores[i]) : !Float.isNaN(scores[i])) {
                // ~sortable reverses the order; flipping the sign bit turns signed order into unsigned order.
                keys[k] = ~sortableBits(scores[i]) ^ 0x80000000;
                order[k++] = i;
            }
        }
        int[] keysTmp = new int[n];
        int[] orderTmp = new int[n];
        int[] shifts = {0, 11, 22};
        int[] widths = {11, 11, 10};
        for (int pass = 0; pass < 3; pass++) {
            int shift = shifts[pass];
            int mask = (1 << widths[pass]) - 1;
            int[] count = new int[mask + 2];
            for (int j = 0; j < n; j++) count[((keys[j] >>> shift) & mask) + 1]++;
            for (int b = 0; b <= mask; b++) count[b + 1] += count[b];
            for (int j = 0; j < n; j++) {
                int dest = count[(keys[j] >>> shift) & mask]++;
                keysTmp[dest] = keys[j];
                orderTmp[dest] = order[j];
            }
            int[] t = keys;
            keys = keysTmp;
            keysTmp = t;
            t = order;
            order = orderTmp;
            orderTmp = t;
        }
        return order;
    }

    /** An int whose signed order equals the float's numeric order (-0.0 folded onto 0.0). */
    static int sortableBits(float f) {
        int bits = Float.floatToIntBits(f + 0.0f);
        return bits < 0 ? bits ^ 0x7FFFFFFF : bits;
    }
}
