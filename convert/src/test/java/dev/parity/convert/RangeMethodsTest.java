package dev.parity.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeMethodsTest {
    @Test
    void percentileOfAHandMadeHistogram() {
        long[] hist = {50, 30, 15, 4, 1}; // 100 values, bins of width 0.5
        assertEquals(0.5, RangeMethods.percentile(hist, 0.5, 50), 1e-12);
        assertEquals(1.5, RangeMethods.percentile(hist, 0.5, 95), 1e-12);
        assertEquals(2.0, RangeMethods.percentile(hist, 0.5, 99), 1e-12);
        assertEquals(2.5, RangeMethods.percentile(hist, 0.5, 100), 1e-12);
    }

    @Test
    void entropyKeepsAUniformRangeWhole() {
        long[] hist = new long[2048];
        java.util.Arrays.fill(hist, 1000);
        double t = RangeMethods.entropy(hist, 1.0 / 2048);
        assertTrue(t > 0.99, "clipping a uniform distribution only loses information: " + t);
    }

    @Test
    void entropyClipsFarOutliers() {
        // 100,000 values uniform on [0, 1) and 10 outliers at 100: a range of 100 would leave [0, 1) one level
        Random rnd = new Random(5);
        double width = 100.0 / 2048;
        long[] hist = new long[2048];
        for (int i = 0; i < 100_000; i++) hist[(int) (rnd.nextDouble() / width)]++;
        hist[2047] += 10;
        double t = RangeMethods.entropy(hist, width);
        assertTrue(t > 1 && t < 10, "threshold " + t);
    }

    @Test
    void entropyClipsSomeOfALaplaceTail() {
        // |x| of 1M Laplace(0, 1) draws: max about 14; the optimum trades tail clipping against level width
        Random rnd = new Random(5);
        double[] xs = new double[1_000_000];
        double max = 0;
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -Math.log(1 - rnd.nextDouble());
            max = Math.max(max, xs[i]);
        }
        long[] hist = new long[2048];
        double width = max / 2048;
        for (double x : xs) hist[Math.min(2047, (int) (x / width))]++;
        double t = RangeMethods.entropy(hist, width);
        assertTrue(t > 0.5 * max && t < 0.9 * max, "threshold " + t + " of max " + max);
    }

    @Test
    void emptyHistogramsGiveZero() {
        assertEquals(0, RangeMethods.percentile(new long[10], 1, 99), 0);
        assertEquals(0, RangeMethods.entropy(new long[2048], 1), 0);
    }
}
