package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ScoreOrderTest {
    @Test
    void descendingWithStableTiesAndNaNLeftOut() {
        float[] s = {0f, Float.NaN, -0f, Float.POSITIVE_INFINITY, -2.5f, 3f, Float.NEGATIVE_INFINITY, 3f};
        assertArrayEquals(new int[] {3, 5, 7, 0, 2, 4, 6}, ScoreOrder.descendingNonNaN(s));
    }
}
