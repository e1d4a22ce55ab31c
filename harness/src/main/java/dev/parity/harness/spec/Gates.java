package dev.parity.harness.spec;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.GateName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The gate limits of a run, defaults filled in from the gate table ({@link GateName}); a gate whose limit is null
 * is off. Besides the limits, the gates block takes how far agreement may fall from a baseline run, the confidence
 * of the Wilson bounds the gates hold instead of point estimates, and the smallest slice the slice gate applies to.
 *
 * @param limits                 by gate, for every gate that is on
 * @param maxAgreementRegression against --baseline: how far agreement may fall (bounds the no_regression gate)
 * @param confidence             null (gates hold point estimates) or the confidence of the Wilson bounds
 * @param minSliceSize           the smallest slice the slice gate applies to
 * @param minClassSize           the fewest samples of a class (as the reference classes them) the per-class gate
 *                               applies to
 */
public record Gates(Map<GateName, Double> limits, double maxAgreementRegression, Double confidence,
                   int minSliceSize, int minClassSize) {
    static final String MAX_AGREEMENT_REGRESSION = "max_agreement_regression";
    static final String CONFIDENCE = "confidence";
    static final String MIN_SLICE_SIZE = "min_slice_size";
    static final String MIN_CLASS_SIZE = "min_class_size";
    /** The gates block's keys that are not a gate's limit, with their defaults. */
    private static final Map<String, Double> SETTINGS = Map.of(MAX_AGREEMENT_REGRESSION, 0.001, MIN_SLICE_SIZE, 30.0,
            MIN_CLASS_SIZE, 30.0);

    public Gates {
        limits = Collections.unmodifiableMap(new EnumMap<>(limits));
    }

    public static final Gates DEFAULTS = resolve(null, (key, what) -> new IllegalStateException(key + " " + what));

    /** The gate's limit, or null when it is off. */
    public Double limit(GateName gate) {
        return limits.get(gate);
    }

    /** Every key the gates block takes: each gate a spec sets, then the settings. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (GateName g : GateName.values()) if (g.perVariant()) keys.add(g.key());
        keys.addAll(List.of(MAX_AGREEMENT_REGRESSION, CONFIDENCE, MIN_SLICE_SIZE, MIN_CLASS_SIZE));
        return keys;
    }

    /** @param given the spec's gates block (null: every default) */
    static <E extends RuntimeException> Gates resolve(Map<String, Double> given, BiFunction<String, String, E> error) {
        Map<String, Double> g = given == null ? Map.of() : given;
        for (Map.Entry<String, Double> e : g.entrySet()) {
            String key = "gates." + e.getKey();
            if (!keys().contains(e.getKey())) {
                throw error.apply(key, "is not a key of gates; it takes " + String.join(", ", keys()));
            }
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw error.apply(key, "must be a number, found " + e.getValue());
            }
        }
        Map<GateName, Double> limits = new EnumMap<>(GateName.class);
        for (GateName gate : GateName.values()) {
            if (!gate.perVariant()) continue;
            Double v = g.getOrDefault(gate.key(), gate.defaultLimit());
            if (v == null) continue;
            String wrong = gate.limit().refuse(v);
            if (wrong != null) throw error.apply(gate.specKey(), wrong);
            limits.put(gate, v);
        }
        Double confidence = g.get(CONFIDENCE);
        if (confidence != null && !(confidence >= 0.5 && confidence < 1)) {
            throw error.apply("gates." + CONFIDENCE, "must be in [0.5, 1), e.g. 0.95, found " + confidence);
        }
        double regression = g.getOrDefault(MAX_AGREEMENT_REGRESSION, SETTINGS.get(MAX_AGREEMENT_REGRESSION));
        String wrong = GateName.Limit.FRACTION.refuse(regression);
        if (wrong != null) throw error.apply("gates." + MAX_AGREEMENT_REGRESSION, wrong);
        return new Gates(limits, regression, confidence, size(g, MIN_SLICE_SIZE, error), size(g, MIN_CLASS_SIZE, error));
    }

    /** A whole number of samples, at least 1. */
    private static <E extends RuntimeException> int size(Map<String, Double> g, String key,
                                                         BiFunction<String, String, E> error) {
        double size = g.getOrDefault(key, SETTINGS.get(key));
        if (size != Math.rint(size)) throw error.apply("gates." + key, "must be a whole number, found " + size);
        if (size < 1) throw error.apply("gates." + key, "must be >= 1, found " + (long) size);
        return (int) size;
    }

    /**
     * The gates block's keys that do not apply to this kind of score (a multi-class gate in a binary spec, or a
     * binary one in a multi-class spec), with the reason: a limit that would be silently ignored is a mistake.
     */
    static <E extends RuntimeException> void requireScope(Map<String, Double> given, boolean multiClass,
                                                          BiFunction<String, String, E> error) {
        if (given == null) return;
        for (GateName gate : GateName.values()) {
            if (!gate.perVariant() || !given.containsKey(gate.key()) || gate.scope().covers(multiClass)) continue;
            throw error.apply(gate.specKey(), multiClass
                    ? "holds a binary score's verdicts at a threshold; this score is multi-class (the decision is "
                    + "the top class): use min_top1_agreement, max_accuracy_drop, min_class_agreement or "
                    + "min_topk_overlap"
                    : "holds a multi-class score; this score is one positive-class score (model.score.index): use "
                    + "min_agreement, min_agreement_recalibrated, max_precision_drop or max_recall_drop");
        }
        if (!multiClass && given.containsKey(MIN_CLASS_SIZE)) {
            throw error.apply("gates." + MIN_CLASS_SIZE, "applies to a multi-class score's min_class_agreement");
        }
    }

    /**
     * Gate limits given on a command line as KEY=VALUE (parity compare --gate), checked as a spec's are.
     *
     * @param option the option that gave them, named in errors
     */
    public static Map<String, Double> parse(Map<String, String> values, String option) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!keys().contains(k)) {
                throw new ParityInputException(option + " " + k + "=...: no such gate; the gates are "
                        + String.join(", ", keys()));
            }
            try {
                out.put(k, Double.valueOf(v.strip()));
            } catch (NumberFormatException e) {
                throw new ParityInputException(option + " " + k + "=" + v + ": not a value of that gate: a number "
                        + "is expected");
            }
        });
        resolve(out, (key, what) -> new ParityInputException(option + " " + key.substring("gates.".length()) + "="
                + values.get(key.substring("gates.".length())) + ": " + what));
        return out;
    }
}
