package dev.parity.harness.spec;

/**
 * The gate limits of a run, defaults filled in. Null means "no limit" for the optional budgets.
 * Defaults: agreement >= 99% at the reference threshold and >= 99.5% recalibrated, precision and recall may drop
 * by at most 0.01 against ground truth, no NaN/Inf, agreement may fall by at most 0.001 from a baseline run.
 */
public record Gates(double minAgreement, double minAgreementRecalibrated, double maxPrecisionDrop,
                    double maxRecallDrop, long maxNanInf, Double maxAbsDiff, Double minThroughput,
                    Double maxP99LatencyMs, double maxAgreementRegression) {

    public static final Gates DEFAULTS = new Gates(0.99, 0.995, 0.01, 0.01, 0, null, null, null, 0.001);

    static Gates resolve(EvalSpec.GatesSpec g, java.util.function.BiFunction<String, String,
            dev.parity.harness.ParityInputException> error) {
        if (g == null) return DEFAULTS;
        Gates d = DEFAULTS;
        Gates r = new Gates(
                g.minAgreement() != null ? g.minAgreement() : d.minAgreement(),
                g.minAgreementRecalibrated() != null ? g.minAgreementRecalibrated() : d.minAgreementRecalibrated(),
                g.maxPrecisionDrop() != null ? g.maxPrecisionDrop() : d.maxPrecisionDrop(),
                g.maxRecallDrop() != null ? g.maxRecallDrop() : d.maxRecallDrop(),
                g.maxNanInf() != null ? g.maxNanInf() : d.maxNanInf(),
                g.maxAbsDiff(), g.minThroughput(), g.maxP99LatencyMs(),
                g.maxAgreementRegression() != null ? g.maxAgreementRegression() : d.maxAgreementRegression());
        requireFraction(r.minAgreement(), "gates.min_agreement", error);
        requireFraction(r.minAgreementRecalibrated(), "gates.min_agreement_recalibrated", error);
        requireFraction(r.maxPrecisionDrop(), "gates.max_precision_drop", error);
        requireFraction(r.maxRecallDrop(), "gates.max_recall_drop", error);
        requireFraction(r.maxAgreementRegression(), "gates.max_agreement_regression", error);
        if (r.maxNanInf() < 0) throw error.apply("gates.max_nan_inf", "must be >= 0, found " + r.maxNanInf());
        if (r.maxAbsDiff() != null && !(r.maxAbsDiff() >= 0)) {
            throw error.apply("gates.max_abs_diff", "must be >= 0, found " + r.maxAbsDiff());
        }
        if (r.minThroughput() != null && !(r.minThroughput() > 0)) {
            throw error.apply("gates.min_throughput", "must be > 0 samples/s, found " + r.minThroughput());
        }
        if (r.maxP99LatencyMs() != null && !(r.maxP99LatencyMs() > 0)) {
            throw error.apply("gates.max_p99_latency_ms", "must be > 0, found " + r.maxP99LatencyMs());
        }
        return r;
    }

    private static void requireFraction(double v, String key, java.util.function.BiFunction<String, String,
            dev.parity.harness.ParityInputException> error) {
        if (!(v >= 0 && v <= 1)) throw error.apply(key, "must be in [0, 1], found " + v);
    }
}
