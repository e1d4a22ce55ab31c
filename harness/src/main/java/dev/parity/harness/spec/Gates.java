package dev.parity.harness.spec;

import dev.parity.harness.results.GateName;

/**
 * The gate limits of a run, defaults filled in. Null means "no limit" for the optional budgets.
 * Defaults: agreement >= 99% at the reference threshold and >= 99.5% recalibrated, precision and recall may drop
 * by at most 0.01 against ground truth, no NaN/Inf, agreement may fall by at most 0.001 from a baseline run.
 *
 * @param confidence        null (gates hold point estimates) or the confidence of the Wilson bounds they hold instead
 * @param minSliceAgreement null: slices are reported, not gated
 * @param minSliceSize      the smallest slice the slice gate applies to
 */
public record Gates(double minAgreement, double minAgreementRecalibrated, double maxPrecisionDrop,
                    double maxRecallDrop, long maxNanInf, Double maxAbsDiff, Double minThroughput,
                    Double maxP99LatencyMs, double maxAgreementRegression, Double confidence,
                    Double minSliceAgreement, int minSliceSize) {

    public static final Gates DEFAULTS = new Gates(0.99, 0.995, 0.01, 0.01, 0, null, null, null, 0.001, null, null,
            30);

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
                g.maxAgreementRegression() != null ? g.maxAgreementRegression() : d.maxAgreementRegression(),
                g.confidence(), g.minSliceAgreement(),
                g.minSliceSize() != null ? g.minSliceSize() : d.minSliceSize());
        if (r.confidence() != null && !(r.confidence() >= 0.5 && r.confidence() < 1)) {
            throw error.apply("gates.confidence", "must be in [0.5, 1), e.g. 0.95, found " + r.confidence());
        }
        // max_agreement_regression bounds the no_regression gate, so its key is its own, not a gate's name
        requireFraction(r.minAgreement(), GateName.MIN_AGREEMENT.specKey(), error);
        requireFraction(r.minAgreementRecalibrated(), GateName.MIN_AGREEMENT_RECALIBRATED.specKey(), error);
        requireFraction(r.maxPrecisionDrop(), GateName.MAX_PRECISION_DROP.specKey(), error);
        requireFraction(r.maxRecallDrop(), GateName.MAX_RECALL_DROP.specKey(), error);
        requireFraction(r.maxAgreementRegression(), "gates.max_agreement_regression", error);
        if (r.minSliceAgreement() != null) requireFraction(r.minSliceAgreement(), GateName.MIN_SLICE_AGREEMENT.specKey(), error);
        if (r.minSliceSize() < 1) throw error.apply("gates.min_slice_size", "must be >= 1, found " + r.minSliceSize());
        if (r.maxNanInf() < 0) throw error.apply(GateName.MAX_NAN_INF.specKey(), "must be >= 0, found " + r.maxNanInf());
        if (r.maxAbsDiff() != null && !(r.maxAbsDiff() >= 0)) {
            throw error.apply(GateName.MAX_ABS_DIFF.specKey(), "must be >= 0, found " + r.maxAbsDiff());
        }
        if (r.minThroughput() != null && !(r.minThroughput() > 0)) {
            throw error.apply(GateName.MIN_THROUGHPUT.specKey(), "must be > 0 samples/s, found " + r.minThroughput());
        }
        if (r.maxP99LatencyMs() != null && !(r.maxP99LatencyMs() > 0)) {
            throw error.apply(GateName.MAX_P99_LATENCY_MS.specKey(), "must be > 0, found " + r.maxP99LatencyMs());
        }
        return r;
    }

    private static void requireFraction(double v, String key, java.util.function.BiFunction<String, String,
            dev.parity.harness.ParityInputException> error) {
        if (!(v >= 0 && v <= 1)) throw error.apply(key, "must be in [0, 1], found " + v);
    }
}
