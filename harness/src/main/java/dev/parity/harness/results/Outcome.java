package dev.parity.harness.results;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A run's verdict at a glance, the colour of the report's headline box: {@link #PASSED} green (exit 0);
 * {@link #CANDIDATES_FAILED} amber (some variant failed a gate, another ships); {@link #NOTHING_QUALIFIES} and
 * {@link #REGRESSED} red (only the reference is left, or a figure fell from the baseline); {@link
 * #REFERENCE_UNTRUSTED} red (the reference disagrees with its FP32 export, or could not give finite scores:
 * nothing ships, since nothing was compared with a reference that can be believed); {@link #INCOMPLETE} red (a
 * variant the spec marks required could not be evaluated: what the run was asked to check, it did not).
 */
public enum Outcome {
    PASSED, CANDIDATES_FAILED, NOTHING_QUALIFIES, REGRESSED, REFERENCE_UNTRUSTED, INCOMPLETE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** green, amber or red. */
    public String colour() {
        return switch (this) {
            case PASSED -> "green";
            case CANDIDATES_FAILED -> "amber";
            case NOTHING_QUALIFIES, REGRESSED, REFERENCE_UNTRUSTED, INCOMPLETE -> "red";
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
