package dev.parity.harness.results;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every gate a variant is held to, with the one spelling the spec's {@code gates:} block, summary.json, junit.xml
 * and the reports use. A new gate is added here; the compiler then finds what must evaluate and report it.
 */
public enum GateName {
    COMPLETED("completed"),
    /** The reference's own gate: it agrees with its FP32 export (two FP32 implementations of one network). */
    REFERENCE_CROSS_CHECK("reference_cross_check"),
    /** The reference's own gate: every one of its scores is finite. */
    REFERENCE_FINITE("reference_finite"),
    MIN_AGREEMENT("min_agreement"),
    MIN_AGREEMENT_RECALIBRATED("min_agreement_recalibrated"),
    MAX_NAN_INF("max_nan_inf"),
    MAX_ABS_DIFF("max_abs_diff"),
    MAX_PRECISION_DROP("max_precision_drop"),
    MAX_RECALL_DROP("max_recall_drop"),
    MIN_THROUGHPUT("min_throughput"),
    MAX_P99_LATENCY_MS("max_p99_latency_ms"),
    MIN_SLICE_AGREEMENT("min_slice_agreement"),
    NO_REGRESSION("no_regression");

    private final String key;

    GateName(String key) {
        this.key = key;
    }

    /** As the spec and summary.json spell it, e.g. "min_agreement". */
    @JsonValue
    public String key() {
        return key;
    }

    /** The spec key of this gate's limit, e.g. "gates.min_agreement". */
    public String specKey() {
        return "gates." + key;
    }

    @Override
    public String toString() {
        return key;
    }
}
