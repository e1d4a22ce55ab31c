package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreDriftTest {

    @Test
    void handComputedFixture() {
        // diffs: +0.5, 0, -1, (NaN skipped), +4
        float[] ref = {0f, 1f, 2f, 3f, 1f};
        float[] var = {0.5f, 1f, 1f, Float.NaN, 5f};
        ScoreDrift d = ScoreDrift.between(ref, var, 3);
        assertEquals(4, d.compared());
        assertEquals(1, d.nanCount());
        assertEquals(0, d.infCount());
        assertEquals(3.5 / 4, d.meanSigned(), 1e-12);
        assertEquals(5.5 / 4, d.meanAbsolute(), 1e-12);
        assertEquals(4.0, d.maxAbsolute());
        assertEquals(0.0, d.minAbsolute());
        // sorted |diff| = [0, 0.5, 1, 4]; p50 rank 1.5 -> 0.75; p90 rank 2.7 -> 1 + 0.7*3 = 3.1
        assertEquals(0.75, d.p50Absolute(), 1e-12);
        assertEquals(3.1, d.p90Absolute(), 1e-6);
        assertEquals(List.of(4, 2, 0), d.largestDiffIds());
    }

    @Test
    void infinitiesAreCountedAndExcluded() {
        ScoreDrift d = ScoreDrift.between(new float[] {1, 2}, new float[] {Float.POSITIVE_INFINITY, 2}, 5);
        assertEquals(1, d.infCount());
        assertEquals(1, d.compared());
        assertEquals(0.0, d.maxAbsolute());
        assertEquals(List.of(1), d.largestDiffIds());
    }

    @Test
    void eachKindOfNonFiniteIsCountedOnItsOwn() {
        float inf = Float.POSITIVE_INFINITY;
        ScoreDrift d = ScoreDrift.between(new float[] {1, 2, 3, 4, 5},
                new float[] {inf, -inf, Float.NaN, inf, 5.5f}, 5);
        assertEquals(1, d.nanCount());
        assertEquals(2, d.posInfCount());
        assertEquals(1, d.negInfCount());
        assertEquals(4, d.nonFiniteCount());
        assertEquals(1, d.compared());
        assertEquals(0.5, d.maxAbsolute());
    }

    @Test
    void identicalScoresHaveZeroDrift() {
        float[] s = {0.1f, -3f, 7f};
        ScoreDrift d = ScoreDrift.between(s, s.clone(), 2);
        assertEquals(0.0, d.maxAbsolute());
        assertEquals(0.0, d.meanSigned());
        assertEquals(List.of(0, 1), d.largestDiffIds(), "ties keep the lower index first");
    }

    @Test
    void allNaNLeavesStatisticsUndefined() {
        ScoreDrift d = ScoreDrift.between(new float[] {1, 2}, new float[] {Float.NaN, Float.NaN}, 2);
        assertEquals(0, d.compared());
        assertTrue(Double.isNaN(d.meanAbsolute()));
        assertTrue(Double.isNaN(d.p99Absolute()));
        assertTrue(d.largestDiffIds().isEmpty());
    }
}
