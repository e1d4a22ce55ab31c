package dev.parity.metrics;

/** Turns scores into decisions. The rule everywhere in Parity: positive iff score >= threshold. */
public final class Verdicts {
    private Verdicts() {
    }

    /** NaN scores are never positive (NaN >= t is false), so a broken output cannot pass as a detection. */
    public static boolean[] at(float[] scores, double threshold) {
        boolean[] out = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[i] >= threshold;
        }
        return out;
    }
}
