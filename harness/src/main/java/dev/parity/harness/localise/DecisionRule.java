package dev.parity.harness.localise;

import dev.parity.metrics.ClassScores;

/**
 * How a sample's decision is read from a model's scores, for comparing a candidate with the reference on the probe:
 * a binary verdict at the reference threshold, or a multi-class score's top class (then a flip is a change of class,
 * and the samples nearest a flip are those whose two top classes are closest).
 */
abstract class DecisionRule {
    /** Each sample's decision: 1 or 0 for a verdict, the class (or {@link ClassScores#NONE}) for a top class. */
    abstract int[] decide(float[] scores);

    /** How far a sample's reference decision is from changing: the smaller, the sooner a drift flips it. */
    abstract double margin(float[] referenceScores, int sample);

    /** Scores kept per sample. */
    abstract int width();

    static DecisionRule verdictAt(double threshold) {
        return new DecisionRule() {
            @Override
            int[] decide(float[] scores) {
                int[] out = new int[scores.length];
                for (int i = 0; i < out.length; i++) out[i] = scores[i] >= threshold ? 1 : 0;
                return out;
            }

            @Override
            double margin(float[] referenceScores, int sample) {
                return Math.abs(referenceScores[sample] - threshold);
            }

            @Override
            int width() {
                return 1;
            }
        };
    }

    static DecisionRule topClass(int classes) {
        return new DecisionRule() {
            @Override
            int[] decide(float[] scores) {
                return new ClassScores(scores, classes).top1();
            }

            /** The gap between the sample's two highest scores (a sample with no class is infinitely far). */
            @Override
            double margin(float[] referenceScores, int sample) {
                int[] top = new ClassScores(referenceScores, classes).topK(sample, 2);
                if (top.length < 2) return Double.POSITIVE_INFINITY;
                return referenceScores[sample * classes + top[0]] - referenceScores[sample * classes + top[1]];
            }

            @Override
            int width() {
                return classes;
            }
        };
    }
}
