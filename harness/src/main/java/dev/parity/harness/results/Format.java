package dev.parity.harness.results;

import java.util.Locale;

/** Number formatting for sentences in reports. */
public final class Format {
    private Format() {
    }

    public static String num(double v) {
        if (Double.isNaN(v)) return "n/a";
        // counts and limits such as 0 or 9977 read as integers, not as 0.000 or 9.977e+03
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.valueOf((long) v);
        // speeds and counts read best whole: 15897 samples/s, not 1.590e+04
        if (Math.abs(v) >= 1000 && Math.abs(v) < 1e9) return String.format(Locale.ROOT, "%.0f", v);
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return String.format(Locale.ROOT, "%.3g", v);
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * A threshold as a deployment should copy it: the shortest text that reads back as the same value (float32
     * thresholds as floats), so that {@code score >= t} gives the run's verdicts in float32 and float64 alike.
     */
    public static String threshold(double t) {
        return t == (float) t ? Float.toString((float) t) : Double.toString(t);
    }

    public static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
