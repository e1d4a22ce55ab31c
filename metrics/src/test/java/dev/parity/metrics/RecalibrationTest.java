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
        // best interval is (0.3, 0.44]; the reference threshold lies outside, so the cut goes midway: 0.37
        assertEquals(0.37f, (float) r.threshold());
        assertEquals(0.3f, (float) r.scoreBelow());
        assertEquals(0.44f, (float) r.scoreAbove());
        assertTrue(r.thresholdChanged());
    }

    @Test
    void tieBreakTowardReferenceFromAbove() {
        // best interval (0.6, 0.7]; the reference threshold 0.5 lies below it, so the cut goes midway: 0.65
        boolean[] ref = {true, false};
        float[] variant = {0.7f, 0.6f};
        Recalibration r = Recalibration.fit(ref, variant, 0.5);
        assertEquals(0.65f, (float) r.threshold());
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
        // admit all: 2 agree; admit none: 1 agrees. Admitting all means a cut below 0.2: 0.5 below it
        assertEquals(2, r.agreeingAfter());
        assertEquals(-0.3f, (float) r.threshold());
        assertEquals(0.2f, (float) r.scoreAbove());
    }

    @Test
    void allNaNKeepsTheReferenceThreshold() {
        boolean[] ref = {true, false, false};
        Recalibration r = Recalibration.fit(ref, new float[] {Float.NaN, Float.NaN, Float.NaN}, 0.5);
        assertEquals(0.5, r.threshold(), "no threshold changes a NaN verdict");
        assertEquals(2, r.agreeingAfter());
        assertFalse(r.aboveEveryFiniteScore(), "there is no finite score to be above");
    }

    @Test
    void allPositiveInfinityGivesAFiniteThreshold() {
        boolean[] ref = {true, false, false};
        float inf = Float.POSITIVE_INFINITY;
        Recalibration r = Recalibration.fit(ref, new float[] {inf, inf, inf}, 0.5);
        assertEquals(0.5, r.threshold());
        assertEquals(1, r.agreeingAfter(), "+Inf is positive at every finite threshold");
        assertEquals(1, r.agreeingBefore());
    }

    @Test
    void aCutAboveEveryFiniteScoreSaysSoAndStaysFinite() {
        // the reference calls nothing positive; the variant puts one sample at +Inf and the others finite and high
        boolean[] ref = {false, false, false};
        Recalibration r = Recalibration.fit(ref, new float[] {Float.POSITIVE_INFINITY, 0.8f, 0.9f}, 0.5);
        assertEquals(2, r.agreeingAfter(), "the +Inf sample stays a positive verdict");
        assertEquals(0.95f, (float) r.threshold(), 1e-6, "half the gap to 0.8 above the highest finite score");
        assertTrue(Double.isNaN(r.scoreAbove()));
        assertTrue(r.aboveEveryFiniteScore());
        assertTrue(Double.isFinite(r.threshold()));
    }

    @Test
    void aSingleNegativeInfinityIsAFixedNegative() {
        boolean[] ref = {true, true, false};
        Recalibration r = Recalibration.fit(ref, new float[] {0.9f, Float.NEGATIVE_INFINITY, 0.1f}, 0.5);
        assertEquals(2, r.agreeingAfter(), "-Inf can never be made positive by a finite threshold");
        assertEquals(0.5, r.threshold());
        assertFalse(r.aboveEveryFiniteScore());
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
                int fault = rnd.nextInt(30);
                variant[i] = fault == 0 ? Float.NaN : fault == 1 ? Float.POSITIVE_INFINITY
                        : fault == 2 ? Float.NEGATIVE_INFINITY : refScores[i] + (rnd.nextInt(7) - 3) / 20f;
            }
            double refThreshold = rnd.nextInt(10) / 10.0;
            boolean[] ref = Verdicts.at(refScores, refThreshold);
            Recalibration r = Recalibration.fit(ref, variant, refThreshold);

            // every finite threshold that gives distinct verdicts: each finite score, and one above them all
            float maxFinite = -Float.MAX_VALUE;
            for (float t : variant) if (Float.isFinite(t)) maxFinite = Math.max(maxFinite, t);
            long bruteBest = agreeing(ref, variant, Math.nextUp(maxFinite));
            for (float t : variant) {
                if (Float.isFinite(t)) bruteBest = Math.max(bruteBest, agreeing(ref, variant, t));
            }
            assertEquals(bruteBest, r.agreeingAfter(), "trial " + trial);
            assertTrue(Double.isFinite(r.threshold()), "trial " + trial + ": " + r.threshold());
            // a moved threshold sits on no sample, unless nothing lies between it and the next lower score
            boolean adjacent = Math.nextDown((float) r.threshold()) == (float) r.scoreBelow();
            if (r.thresholdChanged() && !adjacent) {
                for (float v : variant) {
                    assertTrue(v != r.threshold(), "trial " + trial + ": a moved threshold sits on a sample");
                }
            }
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
