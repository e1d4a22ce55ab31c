package dev.parity.metrics;

import java.util.List;

/**
 * How far a variant's scores moved from the reference's, sample by sample (difference = variant - reference).
 *
 * <p>Samples where the variant's score is NaN or infinite are counted, per kind, and left out of every difference
 * statistic (a single Inf would otherwise make the mean meaningless); {@code compared} says how many remain. With
 * none left (every score non-finite) the difference statistics are NaN: undefined, written as null.
 * Percentiles of |diff| use linear interpolation between closest ranks (numpy's default), over the finite
 * pairs. Sums run in index order in double precision, so results do not depend on threading.
 *
 * @param compared     samples with finite scores on both sides
 * @param largestDiffIds indices of the samples with the largest |diff|, largest first (ties: lower index first)
 */
public record ScoreDrift(
        long compared,
        double meanSigned,
        double meanAbsolute,
        double maxAbsolute,
        double minAbsolute,
        double p50Absolute,
        double p90Absolute,
        double p99Absolute,
        long nanCount,
        long posInfCount,
        long negInfCount,
        List<Integer> largestDiffIds) {

    public ScoreDrift {
        largestDiffIds = List.copyOf(largestDiffIds);
    }

    /** Scores that are +Inf or -Inf. */
    public long infCount() {
        return posInfCount + negInfCount;
    }

    /** Scores left out of the difference statistics: NaN, +Inf and -Inf. */
    public long nonFiniteCount() {
        return nanCount + infCount();
    }

    /**
     * @param reference reference scores; must be finite (checked by the caller, who can name the sample ids)
     * @param variant   variant scores, aligned by sample index
     * @param topK      how many of the largest differences to list
     */
    public static ScoreDrift between(float[] reference, float[] variant, int topK) {
        if (reference.length != variant.length) {
            throw new IllegalArgumentException(
                    "reference has " + reference.length + " scores but variant has " + variant.length);
        }
        long nan = 0, posInf = 0, negInf = 0;
        float[] abs = new float[reference.length];
        int n = 0;
        double sumSigned = 0, sumAbs = 0;
        for (int i = 0; i < reference.length; i++) {
            float v = variant[i];
            float r = reference[i];
            if (Float.isNaN(v) || Float.isNaN(r)) {
                nan++;
                continue;
            }
            if (Float.isInfinite(v) || Float.isInfinite(r)) {
                if ((Float.isInfinite(v) ? v : r) > 0) posInf++; else negInf++;
                continue;
            }
            double d = (double) v - (double) r;
            sumSigned += d;
            sumAbs += Math.abs(d);
            abs[n++] = (float) Math.abs(d);
        }
        float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, abs[i]);
            min = Math.min(min, abs[i]);
        }
        // Selection, not a full sort: three percentiles of 10 million values in a fraction of a sort's time.
        double p99 = Percentiles.select(abs, n, 0.99);
        double p90 = Percentiles.select(abs, n, 0.90);
        double p50 = Percentiles.select(abs, n, 0.50);
        return new ScoreDrift(
                n,
                n == 0 ? Double.NaN : sumSigned / n,
                n == 0 ? Double.NaN : sumAbs / n,
                n == 0 ? Double.NaN : max,
                n == 0 ? Double.NaN : min,
                p50,
                p90,
                p99,
                nan,
                posInf,
                negInf,
                largestDifferences(reference, variant, topK));
    }

    /** Indices of the topK largest |diff| among finite pairs, via a partial selection (no full index sort). */
    static List<Integer> largestDifferences(float[] reference, float[] variant, int topK) {
        if (topK <= 0) {
            return List.of();
        }
        TopK top = new TopK(topK);
        for (int i = 0; i < reference.length; i++) {
            float v = variant[i], r = reference[i];
            if (Float.isFinite(v) && Float.isFinite(r)) {
                top.offer(i, Math.abs((double) v - (double) r));
            }
        }
        return top.indicesLargestFirst();
    }
}
