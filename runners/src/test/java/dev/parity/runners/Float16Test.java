package dev.parity.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known IEEE 754 binary16 encodings. */
class Float16Test {
    @Test
    void knownEncodings() {
        assertEquals((short) 0x3C00, Float16.fromFloat(1f));
        assertEquals((short) 0xC000, Float16.fromFloat(-2f));
        assertEquals((short) 0x7BFF, Float16.fromFloat(65504f));
        assertEquals((short) 0x7C00, Float16.fromFloat(65520f), "rounds up to infinity");
        assertEquals((short) 0x0001, Float16.fromFloat(0x1p-24f), "smallest subnormal");
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-26f), "below half the smallest subnormal");
        assertEquals((short) 0x3555, Float16.fromFloat(1f / 3));
        assertEquals(1f, Float16.toFloat((short) 0x3C00));
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
    }

    @Test
    void roundTripsEveryHalf() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) continue;
            assertEquals((short) h, Float16.fromFloat(f), "half 0x" + Integer.toHexString(h));
        }
    }

    @Test
    void tiesRoundToEven() {
        // 1 + 2^-11 lies halfway between 1 (even mantissa) and 1 + 2^-10: rounds down to 1
        assertEquals((short) 0x3C00, Float16.fromFloat(1f + 0x1p-11f));
        // 1 + 3*2^-11 lies halfway between 1+2^-10 (odd) and 1+2^-9 (even): rounds up
        assertEquals((short) 0x3C02, Float16.fromFloat(1f + 3 * 0x1p-11f));
    }
}
