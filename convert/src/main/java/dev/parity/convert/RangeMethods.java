package dev.parity.convert;

/**
 * Clipping thresholds from a histogram of |x| (bins of equal width from 0): the percentile method and the
 * entropy (KL-divergence) method TensorRT made standard. Both return T, and the range used is [-T, T]
 * intersected with the observed [min, max].
 */
public final class RangeMethods {
    /** Quantized levels of the entropy method's candidate distributions (int8: 128 magnitudes). */
    static final int QUANTIZED_BINS = 128;

    private RangeMethods() {
    }

    /** The smallest bin edge below which at least {@code percentile}% of |x| lies. */
    public static double percentile(long[] hist, double binWidth, double percentile) {
        long total = 0;
        for (long h : hist) total += h;
        if (total == 0) return 0;
        double target = percentile / 100.0 * total;
        long cum = 0;
        for (int i = 0; i < hist.length; i++) {
            cum += hist[i];
            if (cum >= target) return (i + 1) * binWidth;
        }
        return hist.length * binWidth;
    }

    /**
     * The threshold whose 128-level quantization of the clipped distribution loses the least information:
     * for each candidate i (>= 128 bins), P = the first i bins with everything beyond folded into bin i-1,
     * Q = P merged into 128 levels and spread back evenly over the non-empty bins, minimise KL(P || Q).
     */
    public static double entropy(long[] hist, double binWidth) {
        int n = hist.length;
        long total = 0;
        for (long h : hist) total += h;
        if (total == 0) return 0;
        if (n <= QUANTIZED_BINS) return n * binWidth;
        double bestKl = Double.POSITIVE_INFINITY;
        int bestI = n;
        double[] p = new double[n];
        double[] q = new double[n];
        for (int i = QUANTIZED_BINS; i <= n; i++) {
            long outliers = 0;
            for (int j = i; j < n; j++) outliers += hist[j];
            for (int j = 0; j < i; j++) p[j] = hist[j];
            p[i - 1] += outliers;
            // Merge the first i bins (outliers not included) into 128 levels, then spread each level evenly over
            // the bins where P is non-empty. Q lacks the outliers P carries, which is what makes clipping cost.
            double perLevel = (double) i / QUANTIZED_BINS;
            for (int level = 0; level < QUANTIZED_BINS; level++) {
                int start = (int) Math.floor(level * perLevel);
                int end = level == QUANTIZED_BINS - 1 ? i : (int) Math.floor((level + 1) * perLevel);
                double sum = 0;
                int nonEmpty = 0;
                for (int j = start; j < end; j++) {
                    sum += hist[j];
                    if (p[j] != 0) nonEmpty++;
                }
                for (int j = start; j < end; j++) q[j] = p[j] == 0 || nonEmpty == 0 ? 0 : sum / nonEmpty;
            }
            double kl = klDivergence(p, q, i);
            if (kl < bestKl) {
                bestKl = kl;
                bestI = i;
            }
        }
        return (bestI + 0.5) * binWidth;
    }

    /** KL(P || Q) over the first n entries after normalising both; Q's empty bins where P has mass are smoothed. */
    static double klDivergence(double[] p, double[] q, int n) {
        double sp = 0, sq = 0;
        for (int j = 0; j < n; j++) {
            sp += p[j];
            sq += q[j];
        }
        if (sp == 0 || sq == 0) return Double.POSITIVE_INFINITY;
        double kl = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] == 0) continue;
            double pj = p[j] / sp;
            double qj = Math.max(q[j] / sq, 1e-12);
            kl += pj * Math.log(pj / qj);
        }
        return kl;
    }
}
