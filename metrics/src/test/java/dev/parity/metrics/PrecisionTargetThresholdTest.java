package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Fixtures computed by hand: each sweep is written out in the comments. The threshold sits strictly between the
 * lowest admitted score and the next lower one, at their float32 midpoint; {@code scoreAbove} is that lowest
 * admitted score.
 */
class PrecisionTargetThresholdTest {

    private static boolean[] labels(int... bits) {
        boolean[] out = new boolean[bits.length];
        for (int i = 0; i < bits.length; i++) out[i] = bits[i] == 1;
        return out;
    }

    @Test
    void picksHighestRecallAmongThresholdsMeetingTarget() {
        // t=.9: 1/1 r=1/3; t=.8: 2/2 r=2/3; t=.7: 2/3; t=.6: 3/4=.75 r=1; t=.5: 3/5; t=.4: 3/6
        float[] s = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f};
        boolean[] y = labels(1, 1, 0, 1, 0, 0);
        OperatingPoint p = PrecisionTargetThreshold.find(s, y, 0.75);
        assertEquals(0.55f, (float) p.threshold(), "midway between 0.6 (admitted) and 0.5");
        assertEquals(0.6f, (float) p.scoreAbove());
        assertEquals(0.5f, (float) p.scoreBelow());
        assertEquals(0.75, p.precision(), 1e-12);
        assertEquals(1.0, p.recall(), 1e-12);
        assertEquals(3, p.positives());
        assertEquals(new ConfusionMatrix(3, 1, 0, 2), p.matrix());

        OperatingPoint strict = PrecisionTargetThreshold.find(s, y, 0.9);
        assertEquals(0.75f, (float) strict.threshold());
        assertEquals(0.8f, (float) strict.scoreAbove());
        assertEquals(1.0, strict.precision());
        assertEquals(2.0 / 3, strict.recall(), 1e-12);
    }

    @Test
    void tiedScoresAreAdmittedTogether() {
        // t=.9: 1/1 r=.5; t=.8 admits both 0.8s: 2/3
        float[] s = {0.8f, 0.9f, 0.8f, 0.5f};
        boolean[] y = labels(1, 1, 0, 0);
        OperatingPoint p = PrecisionTargetThreshold.find(s, y, 0.9);
        assertEquals(0.85f, (float) p.threshold());
        assertEquals(0.5, p.recall(), 1e-12);
        OperatingPoint loose = PrecisionTargetThreshold.find(s, y, 0.6);
        assertEquals(0.65f, (float) loose.threshold(), "both 0.8s admitted, the cut halfway to 0.5");
        assertEquals(2.0 / 3, loose.precision(), 1e-12);
        assertEquals(1.0, loose.recall(), 1e-12);
    }

    @Test
    void exactFractionMeetsTarget() {
        // 9 positives then 1 negative, all distinct: at the lowest threshold precision is exactly 9/10
        float[] s = new float[10];
        boolean[] y = new boolean[10];
        for (int i = 0; i < 10; i++) {
            s[i] = 10 - i;
            y[i] = i != 5;
        }
        OperatingPoint p = PrecisionTargetThreshold.find(s, y, 0.9);
        assertEquals(0.5, p.threshold(), "all admitted: half the gap (1) below the lowest score");
        assertEquals(1.0, p.scoreAbove());
        assertTrue(Double.isNaN(p.scoreBelow()), "no sample below");
        assertEquals(0.9, p.precision(), 1e-12);
    }

    @Test
    void allEqualScoresGiveOneCandidate() {
        float[] s = {0.5f, 0.5f, 0.5f, 0.5f};
        boolean[] y = labels(1, 1, 1, 0);
        OperatingPoint p = PrecisionTargetThreshold.find(s, y, 0.7);
        assertEquals(0.0f, (float) p.threshold(), "one distinct score, all admitted: 0.5 below it");
        assertEquals(0.5f, (float) p.scoreAbove());
        assertEquals(0.75, p.precision(), 1e-12);
        UnreachablePrecisionException e = assertThrows(UnreachablePrecisionException.class,
                () -> PrecisionTargetThreshold.find(s, y, 0.9));
        assertEquals(0.75, e.bestPrecision(), 1e-12);
    }

    @Test
    void equalRecallPrefersHigherPrecision() {
        float[] s = {0.9f, 0.8f, 0.7f};
        boolean[] y = labels(1, 0, 0);
        OperatingPoint p = PrecisionTargetThreshold.find(s, y, 0.3);
        assertEquals(0.85f, (float) p.threshold());
        assertEquals(1.0, p.precision());
    }

    @Test
    void oneClassLabels() {
        float[] s = {0.3f, 0.2f, 0.1f};
        UnreachablePrecisionException none = assertThrows(UnreachablePrecisionException.class,
                () -> PrecisionTargetThreshold.find(s, labels(0, 0, 0), 0.9));
        assertEquals(0.0, none.bestPrecision());
        OperatingPoint all = PrecisionTargetThreshold.find(s, labels(1, 1, 1), 0.9);
        assertEquals(0.05f, (float) all.threshold(), "half the gap to 0.2 below 0.1");
        assertEquals(1.0, all.recall());
    }

    @Test
    void rejectsNaNAndBadTargets() {
        assertThrows(IllegalArgumentException.class,
                () -> PrecisionTargetThreshold.find(new float[] {Float.NaN}, labels(1), 0.9));
        assertThrows(IllegalArgumentException.class,
                () -> PrecisionTargetThreshold.find(new float[] {1}, labels(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> PrecisionTargetThreshold.find(new float[] {1, 2}, labels(1), 0.9));
    }

    /** A threshold axis with infinities on it has no midpoint to offer: the caller names such samples first. */
    @Test
    void infiniteScoresAreRejectedLikeNaN() {
        float[] s = {Float.POSITIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY};
        assertThrows(IllegalArgumentException.class, () -> PrecisionTargetThreshold.find(s, labels(1, 1, 0), 0.9));
    }

    /** Property: no sample sits on the threshold unless its neighbour is the adjacent float. */
    @Test
    void theThresholdNeverSitsOnASample() {
        java.util.Random rnd = new java.util.Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 5 + rnd.nextInt(50);
            float[] s = new float[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = rnd.nextInt(30) / 7f;
                y[i] = rnd.nextInt(3) > 0;
            }
            y[0] = true;
            OperatingPoint p = PrecisionTargetThreshold.find(s, y, 0.5);
            for (float v : s) assertTrue(v != p.threshold(), "trial " + trial + ": a sample on " + p.threshold());
            assertTrue(p.scoreAbove() > p.threshold() && !(p.scoreBelow() >= p.threshold()));
            assertEquals((float) p.threshold(), p.threshold(), "a float32 value");
        }
    }
}
