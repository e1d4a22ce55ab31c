package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The normal quantile against published values, and Wilson intervals at any confidence. */
class WilsonTest {
    @Test
    void zMatchesTheNormalTables() {
        // standard normal quantiles as tabulated (to 1e-9)
        assertEquals(1.959963984540054, Wilson.z(0.95), 1e-8);
        assertEquals(2.575829303548901, Wilson.z(0.99), 1e-8);
        assertEquals(1.644853626951472, Wilson.z(0.90), 1e-8);
        assertEquals(0.0, Normal.quantile(0.5), 1e-12);
        assertEquals(-3.090232306167813, Normal.quantile(0.001), 1e-8);
        assertEquals(3.719016485455709, Normal.quantile(0.9999), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> Wilson.z(1.0));
    }

    @Test
    void aHigherConfidenceWidensTheInterval() {
        Wilson w95 = Wilson.interval(90, 100, Wilson.z(0.95));
        Wilson w99 = Wilson.interval(90, 100, Wilson.z(0.99));
        assertEquals(Wilson.interval95(90, 100).low(), w95.low(), 1e-9);
        org.junit.jupiter.api.Assertions.assertTrue(w99.low() < w95.low() && w99.high() > w95.high());
    }
}
