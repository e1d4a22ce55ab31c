package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictComparisonTest {

    @Test
    void handComputedFixture() {
        float[] ref = {0.9f, 0.6f, 0.4f, 0.2f, 0.5f};
        float[] var = {0.8f, 0.4f, 0.6f, 0.1f, 0.5f};
        boolean[] labels = {true, true, false, false, false};
        // ref verdicts at 0.5: T T F F T ; variant: T F T F T
        VerdictComparison c = VerdictComparison.at(ref, var, labels, 0.5);
        assertEquals(new ConfusionMatrix(2, 1, 1, 1), c.vsReference());
        assertEquals(List.of(2), c.flippedToPositive());
        assertEquals(List.of(1), c.flippedToNegative());
        assertEquals(2, c.flips());
        assertEquals(3.0 / 5, c.agreement(), 1e-12);
        // labels T T F F F vs variant T F T F T
        assertEquals(new ConfusionMatrix(1, 2, 1, 1), c.vsGroundTruth());
    }

    @Test
    void nanScoreIsNeverPositive() {
        VerdictComparison c = VerdictComparison.at(new float[] {0.9f}, new float[] {Float.NaN}, null, 0.5);
        assertEquals(List.of(0), c.flippedToNegative());
        assertNull(c.vsGroundTruth());
    }

    @Test
    void confusionMatrixRatiosAndUndefinedCases() {
        ConfusionMatrix m = new ConfusionMatrix(3, 1, 2, 4);
        assertEquals(0.7, m.accuracy(), 1e-12);
        assertEquals(0.75, m.precision(), 1e-12);
        assertEquals(0.6, m.recall(), 1e-12);
        assertEquals(0.8, m.specificity(), 1e-12);
        assertEquals(6.0 / 9, m.f1(), 1e-12);
        ConfusionMatrix noPredictions = new ConfusionMatrix(0, 0, 2, 3);
        assertTrue(Double.isNaN(noPredictions.precision()));
        assertEquals(0.0, noPredictions.recall());
    }
}
