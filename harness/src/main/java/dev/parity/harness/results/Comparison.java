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
 */
public record Comparison(ScoreDrift drift, VerdictComparison atReference, boolean[] verdicts,
                         Recalibration recalibration, ConfusionMatrix afterVsTruth, ClassFigures classes) {

    public Comparison(ScoreDrift drift, VerdictComparison atReference, boolean[] verdicts,
                      Recalibration recalibration, ConfusionMatrix afterVsTruth) {
        this(drift, atReference, verdicts, recalibration, afterVsTruth, null);
    }

    /** A multi-class variant's comparison. */
    public static Comparison ofClasses(ScoreDrift drift, ClassFigures classes) {
        return new Comparison(drift, null, null, null, null, classes);
    }

    /** Samples whose decision differs from the reference's: a verdict flipped, or the top class changed. */
    public long flips() {
        return classes != null ? classes.vsReference().changed().length : atReference.flips();
    }

    /** Share of samples whose decision is the reference's (at its threshold, or its top class). */
    public double agreement() {
        return classes != null ? classes.vsReference().agreement() : atReference.agreement();
    }

    /** Samples the agreement is a share of. */
    public long compared() {
        return classes != null ? classes.vsReference().samples() : atReference.vsReference().total();
    }
}
