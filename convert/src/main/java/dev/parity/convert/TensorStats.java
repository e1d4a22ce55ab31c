package dev.parity.convert;

/**
 * Streaming statistics of one activation tensor over the calibration set: min and max (first pass), then a
 * histogram of |x| over [0, max|x|] (second pass, once the range is known).
 *
 * <p>Exact zeros are left out of the histogram: zero is exact at every scale, so it says nothing about where to
 * clip, and after a ReLU half the values are zero; that spike in the first bin drags the entropy method's
 * threshold to a small fraction of the real range (seen here on the demo: 0.85 for a range of 10.7).
 */
final class TensorStats {
    static final int BINS = 2048;

    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long count;
    long nonFinite;
    long[] histogram;
    double binWidth;

    void addRange(float[] values, int n) {
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                nonFinite++;
                continue;
            }
            if (v < min) min = v;
            if (v > max) max = v;
        }
        count += n;
    }

    double absMax() {
        return count == 0 || min > max ? 0 : Math.max(Math.abs(min), Math.abs(max));
    }

    void startHistogram() {
        histogram = new long[BINS];
        double amax = absMax();
        binWidth = amax > 0 ? amax / BINS : 1;
    }

    void addHistogram(float[] values, int n) {
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (!Float.isFinite(v) || v == 0) continue;
            int b = (int) (Math.abs(v) / binWidth);
            histogram[Math.min(b, BINS - 1)]++;
        }
    }

    /** True when the range carries no information: no finite values, or all values equal. */
    boolean degenerate() {
        return count == 0 || !(max > min);
    }
}
