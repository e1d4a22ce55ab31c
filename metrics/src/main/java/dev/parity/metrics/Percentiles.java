package dev.parity.metrics;

/** Percentiles of an already sorted array, interpolated linearly between closest ranks (numpy's "linear"). */
public final class Percentiles {
    private Percentiles() {
    }

    /** @param q in [0, 1]; NaN for an empty array */
    public static double sorted(float[] ascending, double q) {
        int n = ascending.length;
        if (n == 0) {
            return Double.NaN;
        }
        double rank = q * (n - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, n - 1);
        double frac = rank - lo;
        return ascending[lo] + frac * ((double) ascending[hi] - ascending[lo]);
    }
}
