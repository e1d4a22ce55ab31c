package dev.parity.metrics;

/** Wilson score interval for a binomial proportion: well behaved near 0 and 1, unlike the normal approximation. */
public record Wilson(double low, double high) {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /** @return the interval for successes out of n; [0, 1] when n is 0 (nothing is known) */
    public static Wilson interval(long successes, long n, double z) {
        if (n == 0) {
            return new Wilson(0, 1);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new Wilson(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    public static Wilson interval95(long successes, long n) {
        return interval(successes, n, Z95);
    }

    /** z of a two-sided interval at this confidence (0.95 -> 1.96), from the standard normal's quantile. */
    public static double z(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        return Normal.quantile(0.5 + confidence / 2);
    }
}
