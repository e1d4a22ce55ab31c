package dev.parity.runners.selfcheck;

/**
 * One probe's result on one runtime: the largest |runtime - Parity's double result| over its outputs, the bound it
 * was held to, and how many outputs were NaN or Inf.
 */
public record ProbeOutcome(String probe, double maxAbsDiff, double tolerance, long nonFinite) {

    public boolean passed() {
        return nonFinite == 0 && maxAbsDiff <= tolerance;
    }

    /** "conv3x3 24->24 ... batch 16: max|diff| 0.40 (allowed 1.2e-04)" */
    public String describe() {
        return probe + ": " + (nonFinite > 0 ? nonFinite + " NaN/Inf output(s), " : "")
                + String.format(java.util.Locale.ROOT, "max|diff| %.3g (allowed %.2g)", maxAbsDiff, tolerance);
    }

    /**
     * Compares a runtime's float32 outputs with the double truth. Float32 kernels differ from exact arithmetic by
     * rounding that grows with the summation length (measured here: up to ~1e-6 of the output's scale for these
     * probes; Winograd-style convolutions up to ~1e-4); the faults this check exists for were 0.4 to 4.9 off or NaN.
     * The bound, 1e-3 of the output's largest magnitude (at least 1e-3), sits far from both.
     */
    static ProbeOutcome of(String probe, float[] got, double[] expected) {
        if (got.length != expected.length) {
            return new ProbeOutcome(probe + " (gave " + got.length + " values, expected " + expected.length + ")",
                    Double.POSITIVE_INFINITY, 0, 0);
        }
        double scale = 0, max = 0;
        long nonFinite = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < got.length; i++) {
            if (!Float.isFinite(got[i])) {
                nonFinite++;
                continue;
            }
            max = Math.max(max, Math.abs(got[i] - expected[i]));
        }
        return new ProbeOutcome(probe, max, RELATIVE_TOLERANCE * Math.max(1, scale), nonFinite);
    }

    static final double RELATIVE_TOLERANCE = 1e-3;
}
