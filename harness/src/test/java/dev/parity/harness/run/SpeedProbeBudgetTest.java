package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The probe times a candidate no longer than the scoring pass ran it, within a floor and the probe's own time. */
class SpeedProbeBudgetTest {
    @Test
    void theBudgetFollowsThePass() {
        assertEquals(1000, SpeedProbe.budget(1000, null), "unknown (scores from a checkpoint): the full time");
        assertEquals(1000, SpeedProbe.budget(1000, 12_000L), "a slow model (the demo's CNN): the full time");
        assertEquals(556, SpeedProbe.budget(1000, 556L), "the pass's own time when shorter");
        assertEquals(SpeedProbe.MIN_MILLIS, SpeedProbe.budget(1000, 151L), "never below the floor");
        assertEquals(50, SpeedProbe.budget(50, 151L), "nor above the probe's time per candidate (tests make it tiny)");
    }
}
