package dev.parity.harness.spec;

import java.util.Locale;

/** How the positive-class score is taken from a sample's outputs. Thresholds live in the resulting space. */
public enum ScoreTransform {
    /** The output element as it is, e.g. a raw logit. */
    NONE,
    /** 1 / (1 + exp(-x)) of the element. */
    SIGMOID,
    /** exp(x_i) / sum_j exp(x_j) over the sample's output elements. */
    SOFTMAX;

    public static ScoreTransform parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "none", "logit", "raw" -> NONE;
            case "sigmoid" -> SIGMOID;
            case "softmax" -> SOFTMAX;
            default -> null;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
