package dev.parity.metrics;

/**
 * Finds the operating threshold at which scores reach a target precision against ground-truth labels.
 *
 * <p>Candidates are the cuts between distinct score values (a threshold admits every sample whose score is >= it,
 * so samples with equal scores are admitted together). Among cuts whose precision is >= target, the one with the
 * highest recall wins; among equal recalls, the higher precision (that is, the higher cut), since admitting extra
 * negatives buys nothing. One descending sweep after one sort: O(n log n). The threshold then sits strictly
 * between the lowest admitted score and the next lower one ({@link ThresholdPlacement}), never on a sample.
 */
public final class PrecisionTargetThreshold {
    private PrecisionTargetThreshold() {
    }

    /**
     * @param scores reference scores; must be finite (NaN and Inf have no place on a threshold axis)
     * @param labels ground truth, true = positive
     * @param target precision to reach, in (0, 1]
     * @throws UnreachablePrecisionException when no threshold reaches the target, or no label is positive
     */
    public static OperatingPoint find(float[] scores, boolean[] labels, double target) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    "scores have " + scores.length + " samples but labels have " + labels.length);
        }
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target precision must be in (0, 1], got " + target);
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new IllegalArgumentException("score of sample index " + i + " is " + scores[i]);
            }
        }
        long positives = 0;
        for (boolean l : labels) {
            if (l) positives++;
        }
        long negatives = labels.length - positives;
        int[] order = ScoreOrder.descendingNonNaN(scores);

        long tp = 0, fp = 0;
        long bestTp = -1, bestFp = 0;
        int bestEnd = -1; // index in order of the lowest admitted sample of the best cut
        double bestPrecisionSeen = -1, thresholdOfBestPrecision = Double.NaN;
        for (int j = 0; j < order.length; j++) {
            int i = order[j];
            if (labels[i]) tp++; else fp++;
            boolean groupEnds = j + 1 == order.length || scores[order[j + 1]] != scores[i];
            if (!groupEnds) {
                continue;
            }
            double precision = (double) tp / (tp + fp);
            if (precision > bestPrecisionSeen) {
                bestPrecisionSeen = precision;
                thresholdOfBestPrecision = scores[i];
            }
            // Compare tp/(tp+fp) >= target without rounding surprises at exact fractions like 9/10.
            boolean meets = tp >= target * (tp + fp) - 1e-9 * (tp + fp);
            if (meets && positives > 0 && tp > bestTp) {
                bestTp = tp;
                bestFp = fp;
                bestEnd = j;
            }
        }
        if (bestTp <= 0) {
            throw new UnreachablePrecisionException(target, positives == 0 ? 0 : Math.max(0, bestPrecisionSeen),
                    thresholdOfBestPrecision);
        }
        ConfusionMatrix matrix = new ConfusionMatrix(bestTp, bestFp, positives - bestTp, negatives - bestFp);
        float lowestAdmitted = scores[order[bestEnd]];
        boolean allAdmitted = bestEnd + 1 == order.length;
        float nextLower = allAdmitted ? Float.NaN : scores[order[bestEnd + 1]];
        double threshold;
        if (!allAdmitted) {
            threshold = ThresholdPlacement.between(nextLower, lowestAdmitted);
        } else {
            float nextAbove = Float.NaN;
            for (int j = bestEnd; j >= 0; j--) {
                if (scores[order[j]] != lowestAdmitted) {
                    nextAbove = scores[order[j]];
                    break;
                }
            }
            threshold = ThresholdPlacement.below(lowestAdmitted, nextAbove);
        }
        return new OperatingPoint(threshold, matrix, allAdmitted ? Double.NaN : nextLower, lowestAdmitted);
    }
}
