package dev.parity.harness.results;

import java.util.Map;

/**
 * One slice of the samples (those whose {@code column} has {@code value}) and how each variant that ran did on it,
 * at the reference threshold: as written to summary.json's {@code slices}.
 *
 * @param positives labelled positives in the slice; null without labels
 * @param variants  by variant name, in spec order (the reference included: its precision and recall are the bar)
 */
public record SliceResult(String column, String value, long n, Long positives, Map<String, Figures> variants) {

    /**
     * @param flips          samples whose verdict differs from the reference's
     * @param agreement      1 - flips / n, with its 95% Wilson interval
     * @param precision      against the labels at the reference threshold; null without labels or predicted positives
     * @param recall         the same; null without labels or positives
     */
    public record Figures(long flips, double agreement, double agreementLow, double agreementHigh, Double precision,
                          Double recall) {
    }

    /** The slice as users name it, e.g. {@code class=Coat}. */
    public String label() {
        return column + "=" + value;
    }
}
