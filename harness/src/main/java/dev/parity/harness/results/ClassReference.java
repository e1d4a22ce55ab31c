package dev.parity.harness.results;

import dev.parity.metrics.ClassAccuracy;
import dev.parity.metrics.ClassThresholds;

/**
 * A multi-class run's reference: its class of every sample, against the labels, and its per-class operating points
 * (for each class, the one-vs-rest threshold on its score reaching target_precision with the highest recall).
 *
 * @param top1       the reference's class of every sample ({@link dev.parity.metrics.ClassScores#NONE} where a
 *                   score is not finite)
 * @param vsTruth    null without labels
 * @param thresholds null without labels
 */
public record ClassReference(Classes classes, int[] top1, ClassAccuracy vsTruth,
                             ClassThresholds thresholds) {
}
