package dev.parity.harness.results;

import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.Recalibration;
import dev.parity.metrics.ScoreDrift;
import dev.parity.metrics.VerdictComparison;

/**
 * One variant against the reference, computed once and read by every gate, statistic and report. A binary score's
 * comparison has its verdicts at the reference threshold and a recalibration; a multi-class score's has its class
 * figures instead (and null binary fields).
 *
 * @param drift        score drift, over all K outputs of a multi-class score
 * @param verdicts     the variant's verdicts at the reference threshold (positive iff score >= threshold)
 * @param afterVsTruth the variant's verdicts at its recalibrated threshold against the labels; null without labels
 * @param classes      a multi-class score's figures; null for a binary score
 * @param heads        a multi-head model's binary comparisons, by head name in spec order; null otherwise
 */
public record Comparison(ScoreDrift drift, VerdictComparison atReference, boolean[] verdicts,
                         Recalibration recalibration, ConfusionMatrix afterVsTruth, ClassFigures classes,
                         java.util.Map<String, Comparison> heads) {

    public Comparison(ScoreDrift drift, VerdictComparison atReference, boolean[] verdicts,
                      Recalibration recalibration, ConfusionMatrix afterVsTruth) {
        this(drift, atReference, verdicts, recalibration, afterVsTruth, null, null);
    }

    /** A multi-class variant's comparison. */
    public static Comparison ofClasses(ScoreDrift drift, ClassFigures classes) {
        return new Comparison(drift, null, null, null, null, classes, null);
    }

    /** A multi-head variant's comparison: drift over every head's score, and each head's binary comparison. */
    public static Comparison ofHeads(ScoreDrift drift, java.util.Map<String, Comparison> heads) {
        return new Comparison(drift, null, null, null, null, null, java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(heads)));
    }

    /**
     * Decisions that differ from the reference's: verdicts flipped, samples whose top class changed, or the flips of
     * every head added up.
     */
    public long flips() {
        if (heads != null) return heads.values().stream().mapToLong(Comparison::flips).sum();
        return classes != null ? classes.vsReference().changed().length : atReference.flips();
    }

    /** Share of decisions that are the reference's (at its threshold, its top class; the worst head's). */
    public double agreement() {
        if (heads != null) return heads.values().stream().mapToDouble(Comparison::agreement).min().orElse(Double.NaN);
        return classes != null ? classes.vsReference().agreement() : atReference.agreement();
    }

    /** Samples the agreement is a share of. */
    public long compared() {
        if (heads != null) return heads.values().iterator().next().compared();
        return classes != null ? classes.vsReference().samples() : atReference.vsReference().total();
    }
}
