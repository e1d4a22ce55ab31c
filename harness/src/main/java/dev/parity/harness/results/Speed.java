package dev.parity.harness.results;

/**
 * A measured speed with its spread, as the recommendation uses it: two candidates whose intervals overlap are
 * equally fast within noise.
 *
 * @param value the figure (samples/s for throughput, ms for p99 latency)
 * @param low   the lowest plausible value (the slowest repetition, or the figure minus JMH's error)
 * @param high  the highest plausible value
 * @param runs  repetitions behind it (0 when unknown)
 */
public record Speed(double value, double low, double high, int runs) {

    /** Whether the two intervals share any value: neither is faster beyond the noise. */
    public boolean overlaps(Speed other) {
        return low <= other.high && other.low <= high;
    }

    /** A figure with a symmetric error, as JMH reports one. */
    public static Speed withError(double value, double error, int runs) {
        double e = Double.isFinite(error) ? Math.abs(error) : 0;
        return new Speed(value, value - e, value + e, runs);
    }
}
