package dev.parity.harness.results;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.parity.metrics.ConfusionMatrix;

/**
 * Every gate a variant is held to, each defined once: the one spelling the spec's {@code gates:} block, summary.json,
 * junit.xml and the reports use; for the gates a spec sets, the default limit (null: off unless set), the values a
 * limit may take, whether the figure must stay at least or at most the limit, and the measurement with the sentence
 * that says it. Adding a variant gate is one entry here (and its test): the spec accepts and checks its key, and
 * every variant that ran is held to it, in this order.
 */
public enum GateName {
    COMPLETED("completed"),
    /** The reference's own gate: it agrees with its FP32 export (two FP32 implementations of one network). */
    REFERENCE_CROSS_CHECK("reference_cross_check"),
    /** The reference's own gate: every one of its scores is finite. */
    REFERENCE_FINITE("reference_finite"),
    MIN_AGREEMENT("min_agreement", 0.99, Limit.FRACTION, Direction.AT_LEAST, Scope.BINARY, in -> {
        ConfusionMatrix m = in.comparison().atReference().vsReference();
        return Measured.of(in.bounded(m.truePositivesAndNegatives(), m.total(), in.comparison().atReference()
                .agreement()), "verdict agreement with the reference at its threshold" + in.boundSaid());
    }),
    MIN_AGREEMENT_RECALIBRATED("min_agreement_recalibrated", 0.995, Limit.FRACTION, Direction.AT_LEAST,
            Scope.BINARY, in -> {
        var r = in.comparison().recalibration();
        return Measured.of(in.bounded(r.agreeingAfter(), r.samples(), r.agreementAfter()),
                "agreement at the recalibrated threshold" + in.boundSaid());
    }),
    /** A multi-class score's: the share of samples whose top class is the reference's. */
    MIN_TOP1_AGREEMENT("min_top1_agreement", 0.99, Limit.FRACTION, Direction.AT_LEAST, Scope.MULTI_CLASS, in -> {
        var c = in.comparison().classes().vsReference();
        return Measured.of(in.bounded(c.agreeing(), c.samples(), c.agreement()),
                "top-1 class agreement with the reference" + in.boundSaid());
    }),
    MAX_NAN_INF("max_nan_inf", 0.0, Limit.COUNT, Direction.AT_MOST, Scope.ANY,
            in -> Measured.of(in.comparison().drift().nonFiniteCount(), "NaN/Inf scores")),
    MAX_ABS_DIFF("max_abs_diff", null, Limit.NON_NEGATIVE, Direction.AT_MOST, Scope.ANY,
            in -> Measured.of(in.comparison().drift().maxAbsolute(), "largest |score difference|")),
    MAX_PRECISION_DROP("max_precision_drop", 0.01, Limit.FRACTION, Direction.AT_MOST, Scope.BINARY,
            in -> in.dropAgainstLabels("precision", ConfusionMatrix::precision, m -> m.tp() + m.fp())),
    MAX_RECALL_DROP("max_recall_drop", 0.01, Limit.FRACTION, Direction.AT_MOST, Scope.BINARY,
            in -> in.dropAgainstLabels("recall", ConfusionMatrix::recall, m -> m.tp() + m.fn())),
    /** A multi-class score's: the reference's accuracy against the labels minus the variant's. */
    MAX_ACCURACY_DROP("max_accuracy_drop", 0.01, Limit.FRACTION, Direction.AT_MOST, Scope.MULTI_CLASS,
            GateInputs::accuracyDrop),
    /** A multi-class score's: the worst class's agreement, over the classes holding min_class_size samples. */
    MIN_CLASS_AGREEMENT("min_class_agreement", 0.97, Limit.FRACTION, Direction.AT_LEAST, Scope.MULTI_CLASS,
            GateInputs::worstClass),
    /** A multi-class score's: the mean share of the reference's top k the variant's top k keeps. */
    MIN_TOPK_OVERLAP("min_topk_overlap", null, Limit.FRACTION, Direction.AT_LEAST, Scope.MULTI_CLASS, in -> {
        var c = in.comparison().classes().vsReference();
        return Measured.of(c.topKOverlap(), "mean top-" + c.k() + " overlap with the reference");
    }),
    MIN_SLICE_AGREEMENT("min_slice_agreement", null, Limit.FRACTION, Direction.AT_LEAST, Scope.ANY,
            GateInputs::worstSlice),
    MIN_THROUGHPUT("min_throughput", null, Limit.POSITIVE_RATE, Direction.AT_LEAST, Scope.ANY, in -> in.bench() == null
            ? Measured.skipped(in.noBenchmark())
            : Measured.of(in.bench().samplesPerSecond(), "samples/s at batch " + in.batch())),
    MAX_P99_LATENCY_MS("max_p99_latency_ms", null, Limit.POSITIVE, Direction.AT_MOST, Scope.ANY, in -> in.bench() == null
            || in.bench().p99Ms() == null ? Measured.skipped(in.noBenchmark())
            : Measured.of(in.bench().p99Ms(), "p99 latency (ms) of a batch of " + in.batch())),
    NO_REGRESSION("no_regression");

    /** Whether the figure must stay at or above the limit, or at or below it. */
    public enum Direction { AT_LEAST, AT_MOST }

    /** The runs a gate measures: those of a binary score, of a multi-class score, or any. */
    public enum Scope {
        BINARY, MULTI_CLASS, ANY;

        public boolean covers(boolean multiClass) {
            return this == ANY || (this == MULTI_CLASS) == multiClass;
        }
    }

    /** The values a gate's limit may take, and how a wrong one is said. */
    public enum Limit {
        FRACTION, NON_NEGATIVE, COUNT, POSITIVE, POSITIVE_RATE;

        /** Why {@code v} is not a limit of this kind, or null when it is. */
        public String refuse(double v) {
            return switch (this) {
                case FRACTION -> v >= 0 && v <= 1 ? null : "must be in [0, 1], found " + v;
                case NON_NEGATIVE -> v >= 0 ? null : "must be >= 0, found " + v;
                case COUNT -> v < 0 ? "must be >= 0, found " + (v == Math.rint(v) ? Long.toString((long) v) : v)
                        : v == Math.rint(v) ? null : "must be a whole number, found " + v;
                case POSITIVE -> v > 0 ? null : "must be > 0, found " + v;
                case POSITIVE_RATE -> v > 0 ? null : "must be > 0 samples/s, found " + v;
            };
        }
    }

    /** What a gate measured on one variant: a figure with its sentence, or why it cannot be measured. */
    public record Measured(Double value, String sentence) {
        static Measured of(double value, String sentence) {
            return new Measured(value, sentence);
        }

        static Measured skipped(String why) {
            return new Measured(null, why);
        }
    }

    /** A gate's measurement on one variant's figures. */
    @FunctionalInterface
    interface Measure {
        Measured on(GateInputs in);
    }

    private final String key;
    private final Double defaultLimit;
    private final Limit limit;
    private final Direction direction;
    private final Scope scope;
    private final Measure measure;

    /** A gate Parity adds itself (completion, the reference's own, regressions): no key of its own in gates:. */
    GateName(String key) {
        this(key, null, null, null, Scope.ANY, null);
    }

    GateName(String key, Double defaultLimit, Limit limit, Direction direction, Scope scope, Measure measure) {
        this.key = key;
        this.defaultLimit = defaultLimit;
        this.limit = limit;
        this.direction = direction;
        this.scope = scope;
        this.measure = measure;
    }

    /** Whether the gate measures a decision's scores (held per head of a multi-head model), not the variant's speed. */
    public boolean measuresScores() {
        return this != MIN_THROUGHPUT && this != MAX_P99_LATENCY_MS;
    }

    /** The runs this gate measures. */
    public Scope scope() {
        return scope;
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

    /** Whether a spec sets this gate's limit and every variant that ran is measured against it. */
    public boolean perVariant() {
        return measure != null;
    }

    /** The limit when the spec sets none; null: the gate is off unless set. */
    public Double defaultLimit() {
        return defaultLimit;
    }

    public Limit limit() {
        return limit;
    }

    public Direction direction() {
        return direction;
    }

    /** Holds one variant to this gate's limit. */
    public GateResult hold(String variant, GateInputs in, double limitValue) {
        Measured m = measure.on(in);
        if (m.value() == null) return GateResult.skipped(variant, this, limitValue, m.sentence());
        return direction == Direction.AT_LEAST ? GateResult.atLeast(variant, this, m.value(), limitValue, m.sentence())
                : GateResult.atMost(variant, this, m.value(), limitValue, m.sentence());
    }

    @Override
    public String toString() {
        return key;
    }
}
