package dev.parity.metrics;

/** No threshold reaches the target precision; carries the best precision that any threshold does reach. */
public final class UnreachablePrecisionException extends RuntimeException {
    private final double target;
    private final double bestPrecision;
    private final double bestThreshold;

    public UnreachablePrecisionException(double target, double bestPrecision, double bestThreshold) {
        super(String.format("no threshold reaches precision %.4f; the best reachable is %.4f (at threshold %s)",
                target, bestPrecision, bestThreshold));
        this.target = target;
        this.bestPrecision = bestPrecision;
        this.bestThreshold = bestThreshold;
    }

    public double target() {
        return target;
    }

    public double bestPrecision() {
        return bestPrecision;
    }

    public double bestThreshold() {
        return bestThreshold;
    }
}
