package dev.parity.metrics;

import java.util.Arrays;

/**
 * Sample indices ordered by descending score, computed with one primitive sort.
 *
 * <p>Each (score, index) pair is packed into a long whose natural order is the score's order, so sorting
 * 10 million samples is a single {@code Arrays.sort(long[])} with no boxing and no comparator calls.
 * Equal scores keep ascending index order, which makes every sweep built on this deterministic.
 */
public final class ScoreOrder {
    private ScoreOrder() {
    }

    /**
     * Indices of the finite-or-infinite (non-NaN) scores, highest score first. NaN scores are left out:
     * a NaN is never at or above any threshold, so callers treat those samples as fixed negative verdicts.
     */
    public static int[] descendingNonNaN(float[] scores) {
        int nonNaN = 0;
        for (float s : scores) {
            if (!Float.isNaN(s)) {
                nonNaN++;
            }
        }
        long[] packed = new long[nonNaN];
        int k = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isNaN(scores[i])) {
                // Descending score, ascending index: negate the sortable key, keep the index as the low word.
                long key = -(long) sortableBits(scores[i]);
                packed[k++] = (key << 32) | (i & 0xFFFFFFFFL);
            }
        }
        Arrays.sort(packed);
        int[] order = new int[nonNaN];
        for (int j = 0; j < nonNaN; j++) {
            order[j] = (int) packed[j];
        }
        return order;
    }

    /** An int whose signed order equals the float's numeric order (-0.0 folded onto 0.0). */
    static int sortableBits(float f) {
        int bits = Float.floatToIntBits(f + 0.0f);
        return bits < 0 ? bits ^ 0x7FFFFFFF : bits;
    }
}
