package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reference values computed by hand (and matching R's binom.test / prop.test(correct = FALSE) conventions). */
class StatisticsTest {
    @Test
    void wilsonKnownValues() {
        // 8 of 10: centre (0.8 + 1.9208/10) / 1.38415 = 0.71673; half-width 0.2823 -> [0.4902, 0.9433]
        Wilson w = Wilson.interval95(8, 10);
        assertEquals(0.4902, w.low(), 1e-4);
        assertEquals(0.9433, w.high(), 1e-4);
        // all successes: the upper bound is 1, the lower bound n / (n + z^2)
        Wilson all = Wilson.interval95(100, 100);
        assertEquals(1.0, all.high(), 1e-12);
        assertEquals(100 / (100 + Wilson.Z95 * Wilson.Z95), all.low(), 1e-9);
        assertEquals(new Wilson(0, 1), Wilson.interval95(0, 0));
    }

    @Test
    void mcnemarExactKnownValues() {
        // b=1, c=9: 2 * (C(10,0) + C(10,1)) / 2^10 = 2 * 11 / 1024
        assertEquals(22.0 / 1024, McNemar.exactPValue(1, 9), 1e-12);
        assertEquals(1.0, McNemar.exactPValue(0, 0));
        assertEquals(1.0, McNemar.exactPValue(5, 5), "a symmetric split is no evidence");
        // b=0, c=6: 2 / 64
        assertEquals(2.0 / 64, McNemar.exactPValue(0, 6), 1e-12);
        // large n stays finite and tiny
        double p = McNemar.exactPValue(100, 10_000);
        assertEquals(0.0, p, 1e-100);
    }
}
