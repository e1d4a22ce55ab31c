package dev.parity.harness.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SQNR, cosine and max |diff| on values worked out by hand. */
class TensorDriftTest {
    @Test
    void figuresMatchTheirDefinitions() {
        TensorDrift d = new TensorDrift();
        // flipped sample: x = (3, 4), y = (3, 3): signal 25, noise 1
        d.add(new float[] {3, 4}, new float[] {3, 3}, 0, 2, true);
        // other sample: x = (1, 0), y = (1, 0): identical
        d.add(new float[] {1, 0}, new float[] {1, 0}, 0, 2, false);
        assertEquals(10 * Math.log10(25.0), d.sqnr(true), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, d.sqnr(false));
        assertEquals(10 * Math.log10(26.0), d.sqnr(null), 1e-12);
        // cosine: x.y = 9 + 12 + 1 = 22, |x|^2 = 26, |y|^2 = 19
        assertEquals(22 / Math.sqrt(26.0 * 19.0), d.cosine(), 1e-12);
        assertEquals(1.0, d.maxAbs(), 0);
    }

    @Test
    void anOverflowIsTheWorstDriftNotAValueSkipped() {
        TensorDrift d = new TensorDrift();
        d.add(new float[] {1, 2}, new float[] {1, Float.POSITIVE_INFINITY}, 0, 2, false);
        assertEquals(Double.NEGATIVE_INFINITY, d.sqnr(null));
        assertEquals(Double.POSITIVE_INFINITY, d.maxAbs());
        TensorDrift none = new TensorDrift();
        assertEquals(Double.NaN, none.sqnr(true), "no sample in the group: undefined");
    }
}
