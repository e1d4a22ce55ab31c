package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecalibrationTest {

    @Test
    void shiftedScoresGetAShiftedThreshold() {
        boolean[] ref = {true, true, false, false};
        float[] variant = {0.45f, 0.44f, 0.3f, 0.2f};
        Recalibration r = Recalibration.fit(ref, variant, 0.5);
        assertEquals(2, r.agreeingBefore());
        assertEquals(4, r.agreeingAfter());
        // best interval is (0.3, 0.44]; its point closest to 0.5 is its upper end
        assertEquals(0.44f, (float) r.threshold());
        assertTrue(r.thresholdChanged());
    }

    @Test
    void tieBreakTowardReferenceFromAbove() {
        // best interval (0.6, 0.7]; the reference threshold 0.5 lies below it, so the smallest float above 0.6
        boolean[] ref = {true, false};
        float[] variant = {0.7f, 0.6f};
        Recalibration r = Recalibration.fit(ref, variant, 0.5);
        assertEquals(Math.nextUp(0.6f), (float) r.threshold());
        assertEquals(2, r.agreeingAfter());
        assertEquals(1, r.agreeingBefore());
    }

    @Test
    void agreeingVariantKeepsReferenceThreshold() {
        float[] scores = {0.9f, 0.7f, 0.3f, 0.1f};
        boolean[] ref = Verdicts.at(scores, 0.5);
        Recalibration r = Recalibration.fit(ref, scores.clone(), 0.5);
        assertEquals(0.5, r.threshold());
        assertFalse(r.thresholdChanged());
        assertEquals(1.0, r.agreementAfter());
    }

    @Test
    void nanScoresAreFixedNegatives() {
        boolean[] ref = {true, false, false};
        float[] variant = {0.9f, Float.NaN, 0.1f};
        Recalibration r = Recalibration.fit(ref, variant, 0.5);
        assertEquals(3, r.agreeingAfter());
        boolean[] refPos = {true, true};
        Recalibration r2 = Recalibration.fit(refPos, new float[] {0.9f, Float.NaN}, 0.5);
        assertEquals(1, r2.agreeingAfter(), "a NaN can never be made positive");
    }

    @Test
    void allEqualVariantScores() {
        boolean[] ref = {true, true, false};
        Recalibration r = Recalibration.fit(ref, new float[] {0.2f, 0.2f, 0.2f}, 0.5);
        // admit all: 2 agree; admit none: 1 agrees
        assertEquals(2, r.agreeingAfter());
        assertEquals(0.2f, (float) r.threshold());
    }

    /** Property: the sweep finds the brute-force optimum, and never lowers agreement. */
    @Test
    void matchesBruteForceOnRandomData() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(40);
            float[] refScores = new float[n];
            float[] variant = new float[n];
            for (int i = 0; i < n; i++) {
                refScores[i] = rnd.nextInt(10) / 10f; // coarse values force ties
                variant[i] = rnd.nextInt(20) == 0 ? Float.NaN : refScores[i] + (rnd.nextInt(7) - 3) / 20f;
            }
            double refThreshold = rnd.nextInt(10) / 10.0;
            boolean[] ref = Verdicts.at(refScores, refThreshold);
            Recalibration r = Recalibration.fit(ref, variant, refThreshold);

            long bruteBest = agreeing(ref, variant, Double.POSITIVE_INFINITY);
            for (float t : variant) {
                if (!Float.isNaN(t)) bruteBest = Math.max(bruteBest, agreeing(ref, variant, t));
            }
            assertEquals(bruteBest, r.agreeingAfter(), "trial " + trial);
            assertEquals(r.agreeingAfter(), agreeing(ref, variant, r.threshold()), "fitted threshold reproduces");
            assertEquals(agreeing(ref, variant, refThreshold), r.agreeingBefore());
            assertTrue(r.agreeingAfter() >= r.agreeingBefore());
        }
    }

    private static long agreeing(boolean[] ref, float[] variant, double t) {
        long n = 0;
        for (int i = 0; i < ref.length; i++) {
            if ((variant[i] >= t) == ref[i]) n++;
        }
        return n;
    }
}
