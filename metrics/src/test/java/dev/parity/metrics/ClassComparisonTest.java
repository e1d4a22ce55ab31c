package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Multi-class figures on fixtures small enough to compute by hand, and per-class thresholds against brute force. */
class ClassComparisonTest {
    /** Six samples, three classes: two of each, written so that swapping columns 0 and 1 swaps exactly those classes. */
    static final float[] REF = {
            3, 1, 0,
            0, 2, 1,
            1, 0, 5,
            4, 3, 2,
            1, 6, 2,
            0, 1, 2};

    static float[] swapped01(float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i += 3) {
            out[i] = v[i + 1];
            out[i + 1] = v[i];
        }
        return out;
    }

    @Test
    void aSwappedPairOfClassesShowsOnlyInItsTwoCells() {
        ClassComparison c = ClassComparison.of(new ClassScores(REF, 3), new ClassScores(swapped01(REF), 3), 2);
        long[][] expected = {
                {0, 2, 0, 0},
                {2, 0, 0, 0},
                {0, 0, 2, 0},
                {0, 0, 0, 0}};
        for (int r = 0; r < 4; r++) assertArrayEquals(expected[r], c.flips()[r], "row " + r);
        assertEquals(2, c.agreeing());
        assertEquals(2.0 / 6, c.agreement(), 1e-15);
        assertArrayEquals(new int[] {0, 1, 3, 4}, c.changed());
        assertEquals(List.of(new ClassComparison.Flip(0, 1, 2), new ClassComparison.Flip(1, 0, 2)), c.largestFlips());
        // top-2 by hand: samples keep 2, 1, 1, 2, 1, 1 of their reference's top 2
        assertEquals(4.0 / 6, c.topKOverlap(), 1e-15);
        assertEquals(2, c.leftTopK(), "samples 1 and 4: the reference class is not in the variant's top 2");
    }

    @Test
    void tiesGoToTheLowerClassAndNanHasNoClass() {
        ClassScores ref = new ClassScores(new float[] {1, 1, 0, 2, 0, 1}, 3);
        ClassScores var = new ClassScores(new float[] {0, 1, 1, Float.NaN, 0, 1}, 3);
        assertEquals(0, ref.top1(0), "a tie between classes 0 and 1 goes to 0");
        assertEquals(1, var.top1(0), "a tie between classes 1 and 2 goes to 1");
        assertArrayEquals(new int[] {0, 1}, ref.topK(0, 2));
        assertEquals(ClassScores.NONE, var.top1(1));
        assertEquals(0, var.topK(1, 2).length);
        assertEquals(1, var.nonFinite());
        ClassComparison c = ClassComparison.of(ref, var, 2);
        assertEquals(1, c.flips()[0][1]);
        assertEquals(1, c.flips()[0][3], "class 0 to no class");
        assertEquals(0, c.agreeing());
        assertEquals((0.5 + 0) / 2, c.topKOverlap(), 1e-15, "sample 0 keeps 1 of its 2 (class 1); sample 1 nothing");
    }

    @Test
    void accuracyAndPerClassPrecisionAndRecallByHand() {
        int[] predicted = new ClassScores(REF, 3).top1();
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, predicted);
        ClassAccuracy a = ClassAccuracy.of(predicted, new int[] {0, 1, 2, 1, 1, 0}, 3);
        assertEquals(4.0 / 6, a.accuracy(), 1e-15);
        assertEquals(0.5, a.precision(0), 1e-15);
        assertEquals(0.5, a.recall(0), 1e-15);
        assertEquals(1.0, a.precision(1), 1e-15);
        assertEquals(2.0 / 3, a.recall(1), 1e-15);
        assertEquals(0.5, a.precision(2), 1e-15);
        assertEquals(1.0, a.recall(2), 1e-15);
        ClassAccuracy withEmpty = ClassAccuracy.of(new int[] {0, ClassScores.NONE}, new int[] {0, 1}, 4);
        assertTrue(Double.isNaN(withEmpty.precision(3)) && Double.isNaN(withEmpty.recall(3)),
                "a class with no samples and no predictions has neither figure");
        assertEquals(0, withEmpty.support(3));
        assertEquals(0.0, withEmpty.recall(1), "a sample with no class is wrong");
        assertEquals(0.5, withEmpty.accuracy(), 1e-15);
    }

    /**
     * Per-class thresholds against a brute-force second implementation: of every cut between distinct scores, the
     * one reaching the target with the highest recall (then the highest precision); the variant's flips counted
     * directly.
     */
    @Test
    void perClassThresholdsAgreeWithBruteForce() {
        Random rnd = new Random(11);
        for (int round = 0; round < 40; round++) {
            int n = 20 + rnd.nextInt(60), k = 3 + rnd.nextInt(3);
            float[] v = new float[n * k];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rnd.nextInt(k - 1); // the last class has no sample
                for (int c = 0; c < k; c++) {
                    v[i * k + c] = Math.round((float) rnd.nextGaussian() * 4 + (c == labels[i] ? 3 : 0)) / 4f;
                }
            }
            ClassScores s = new ClassScores(v, k);
            double target = 0.6 + 0.3 * rnd.nextDouble();
            ClassThresholds t = ClassThresholds.fit(s, labels, target);
            for (int c = 0; c < k; c++) {
                double[] best = bruteForce(s.column(c), labels, c, target);
                if (best == null) {
                    assertNull(t.points()[c], "class " + c);
                    assertTrue(t.reasons()[c] != null);
                    continue;
                }
                OperatingPoint p = t.points()[c];
                assertEquals(best[1], p.matrix().recall(), 1e-12, "recall, class " + c + ", round " + round);
                assertEquals(best[2], p.matrix().precision(), 1e-12, "precision, class " + c + ", round " + round);
            }
            float[] noisy = v.clone();
            for (int i = 0; i < noisy.length; i++) noisy[i] += (float) rnd.nextGaussian() * 0.5f;
            ClassScores var = new ClassScores(noisy, k);
            long[] flips = t.flips(s, var);
            for (int c = 0; c < k; c++) {
                long expected = 0;
                if (t.points()[c] != null) {
                    double thr = t.points()[c].threshold();
                    for (int i = 0; i < n; i++) if ((v[i * k + c] >= thr) != (noisy[i * k + c] >= thr)) expected++;
                }
                assertEquals(expected, flips[c]);
            }
        }
    }

    /** {cut, recall, precision} of the best cut at or above the target, or null: every distinct score tried. */
    private static double[] bruteForce(float[] scores, int[] labels, int c, double target) {
        double[] best = null;
        long positives = 0;
        for (int y : labels) if (y == c) positives++;
        if (positives == 0) return null;
        for (float cut : scores) {
            long tp = 0, fp = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= cut) {
                    if (labels[i] == c) tp++; else fp++;
                }
            }
            double precision = (double) tp / (tp + fp), recall = (double) tp / positives;
            if (precision < target) continue;
            if (best == null || recall > best[1] || (recall == best[1] && precision > best[2])) {
                best = new double[] {cut, recall, precision};
            }
        }
        return best;
    }
}
