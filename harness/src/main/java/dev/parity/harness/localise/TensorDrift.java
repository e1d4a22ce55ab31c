package dev.parity.harness.localise;

/**
 * How far one tensor of the variant is from the source's, accumulated over samples in two groups (the samples the
 * variant flips, and the rest): signal and noise power for SQNR, the dot product and norms for cosine similarity,
 * and the largest |difference|. Non-finite values count as infinite noise (SQNR -inf): an overflow is the worst
 * drift there is, not a value to skip.
 */
final class TensorDrift {
    private final double[] signal = new double[2];
    private final double[] noise = new double[2];
    private final double[] dot = new double[2];
    private final double[] variantPower = new double[2];
    private double maxAbs;
    private boolean nonFinite;

    /** One sample's values of the tensor, in the source and in the variant. */
    void add(float[] source, float[] variant, int offset, int count, boolean flipped) {
        int g = flipped ? 0 : 1;
        for (int i = offset; i < offset + count; i++) {
            double x = source[i], y = variant[i], d = x - y;
            if (!Double.isFinite(y)) {
                nonFinite = true;
                continue;
            }
            signal[g] += x * x;
            noise[g] += d * d;
            dot[g] += x * y;
            variantPower[g] += y * y;
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
    }

    /** SQNR in dB over both groups (flipped null) or one; +inf when identical, -inf with non-finite values. */
    double sqnr(Boolean flipped) {
        if (nonFinite && flipped == null) return Double.NEGATIVE_INFINITY;
        double s = flipped == null ? signal[0] + signal[1] : signal[flipped ? 0 : 1];
        double n = flipped == null ? noise[0] + noise[1] : noise[flipped ? 0 : 1];
        if (s == 0 && n == 0) return Double.NaN; // no samples in the group, or an all-zero tensor
        if (n == 0) return Double.POSITIVE_INFINITY;
        return 10 * Math.log10(s / n);
    }

    double cosine() {
        double d = dot[0] + dot[1], a = signal[0] + signal[1], b = variantPower[0] + variantPower[1];
        if (a == 0 || b == 0) return a == b ? 1 : 0;
        return d / Math.sqrt(a * b);
    }

    double maxAbs() {
        return nonFinite ? Double.POSITIVE_INFINITY : maxAbs;
    }
}
