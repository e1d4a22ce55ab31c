package dev.parity.harness.results;

import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.Recalibration;
import dev.parity.metrics.ScoreDrift;
import dev.parity.metrics.VerdictComparison;

/**
 * One variant against the reference, computed once and read by every gate, statistic and report.
 *
 * @param verdicts     the variant's verdicts at the reference threshold (positive iff score >= threshold)
 * @param afterVsTruth the variant's verdicts at its recalibrated threshold against the labels; null without labels
 */
public record Comparison(ScoreDrift drift, VerdictComparison atReference, boolean[] verdicts,
                         Recalibration recalibration, ConfusionMatrix afterVsTruth) {
}
