package dev.parity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    /** Selection must give exactly what sorting gives, ties and all. */
    @Test
    void selectionAgreesWithSorting() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(300);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = rnd.nextInt(20) / 4f; // many ties
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            for (double q : new double[] {0.99, 0.9, 0.5, 0.0, 1.0}) {
                assertEquals(Percentiles.sorted(sorted, q), Percentiles.select(v, n, q), 1e-12, "n=" + n + " q=" + q);
            }
        }
    }

    @Test
    void radixOrderMatchesAComparisonSort() {
        Random rnd = new Random(2);
        float[] s = new float[5000];
        for (int i = 0; i < s.length; i++) {
            s[i] = switch (rnd.nextInt(8)) {
                case 0 -> Float.NaN;
                case 1 -> -0f;
                case 2 -> Float.NEGATIVE_INFINITY;
                case 3 -> rnd.nextInt(5);
                default -> (float) rnd.nextGaussian() * 1e3f;
            };
        }
        int[] order = ScoreOrder.descendingNonNaN(s);
        Integer[] expected = java.util.stream.IntStream.range(0, s.length).filter(i -> !Float.isNaN(s[i])).boxed()
                .sorted((a, b) -> {
                    int c = Float.compare(s[b] + 0f, s[a] + 0f);
                    return c != 0 ? c : Integer.compare(a, b);
                }).toArray(Integer[]::new);
        assertEquals(expected.length, order.length);
        for (int i = 0; i < order.length; i++) assertEquals((int) expected[i], order[i], "position " + i);
    }
}
