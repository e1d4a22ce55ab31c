package dev.parity.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Precision-recall curves past {@link Plots#CURVE_SAMPLES} are drawn from every k-th sample and say so; the operating
 * points stay exact (computed here over every sample), and the thinned curve stays close to the whole one.
 */
class PlotsCurvesTest {
    @Test
    void largeRunsDrawFromEveryKthSampleAndKeepExactOperatingPoints() {
        int n = 600_000;
        Random r = new Random(3);
        float[] s = new float[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean();
            s[i] = (float) (r.nextGaussian() + (y[i] ? 1.0 : 0.0));
        }
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", s);
        List<Plots.Curve> curves = Plots.curves(scores, y, Map.of("ref", 0.5), "ref");
        Plots.Curve c = curves.get(0);
        assertEquals(3, c.every()); // 600k samples / 250k, rounded up
        long tp = 0, pos = 0, predicted = 0;
        for (int i = 0; i < n; i++) {
            if (y[i]) pos++;
            if (s[i] >= 0.5) {
                predicted++;
                if (y[i]) tp++;
            }
        }
        assertEquals((double) tp / pos, c.opRecall(), 0);
        assertEquals((double) tp / predicted, c.opPrecision(), 0);
        // the thinned curve's precision near the operating recall is the whole data's within sampling noise
        int k = 0;
        while (k < c.recall().size() - 1 && c.recall().get(k) < c.opRecall()) k++;
        assertEquals(c.opPrecision(), c.precision().get(k), 0.01);
        String caption = Plots.precisionRecall(curves, scores, false).caption();
        assertTrue(caption.contains("drawn from one sample in 3 (200000 of 600000); the diamonds from all"), caption);

        Plots.Curve small = Plots.curves(Map.of("ref", java.util.Arrays.copyOf(s, 1000)),
                java.util.Arrays.copyOf(y, 1000), Map.of("ref", 0.5), "ref").get(0);
        assertEquals(1, small.every());
    }
}
