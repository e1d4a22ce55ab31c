package dev.parity.metrics;

/** Percentiles interpolated linearly between closest ranks (numpy's "linear" method). */
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

    /**
     * The same percentile of the first {@code n} values of {@code values}, by selection in expected O(n) instead
     * of an O(n log n) sort. The array is reordered (its values are kept).
     */
    public static double select(float[] values, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double rank = q * (n - 1);
        int lo = (int) Math.floor(rank);
        float a = kth(values, n, lo);
        if (lo + 1 >= n || rank == lo) {
            return a;
        }
        // The next order statistic is the minimum of everything right of lo after selecting lo.
        float b = Float.POSITIVE_INFINITY;
        for (int i = lo + 1; i < n; i++) b = Math.min(b, values[i]);
        return a + (rank - lo) * ((double) b - a);
    }

    /** The k-th smallest of values[0, n): Hoare-style quickselect with median-of-three pivots. */
    static float kth(float[] v, int n, int k) {
        int left = 0, right = n - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            float pivot = median(v[left], v[mid], v[right]);
            int i = left, j = right;
            while (i <= j) {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j) {
                    float t = v[i];
                    v[i] = v[j];
                    v[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return v[k];
            }
        }
        return v[k];
    }

    private static float median(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
