package dev.parity.harness.output;

import dev.parity.metrics.ScoreOrder;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart and returned as base64 PNG for embedding (the report is one file).
 * Large datasets are subsampled deterministically (every k-th point) so that a chart stays a few tens of KB.
 */
final class Plots {
    static final int WIDTH = 560;
    static final int HEIGHT = 400;
    static final int MAX_POINTS = 4000;

    private Plots() {
    }

    /**
     * One chart for the report: the PNG (base64), or null when there is nothing to draw or drawing failed, and
     * a caption that says what was left out (non-finite scores) or why there is no picture. A chart never takes
     * the report down: it is evidence about the run, not the run.
     */
    record Figure(String png, String caption) {
    }

    interface Drawing {
        Figure draw();
    }

    /** Draws, or says why it could not: a plotting library's refusal must not lose every other result. */
    static Figure safely(String what, Drawing d) {
        try {
            return d.draw();
        } catch (RuntimeException e) {
            return new Figure(null, what + " could not be drawn: " + e);
        }
    }

    /** "3 NaN, 2 +Inf" for the non-finite scores of an array; empty when all are finite. */
    static String nonFinite(float[] scores) {
        long nan = 0, pos = 0, neg = 0;
        for (float v : scores) {
            if (Float.isNaN(v)) nan++;
            else if (v == Float.POSITIVE_INFINITY) pos++;
            else if (v == Float.NEGATIVE_INFINITY) neg++;
        }
        List<String> parts = new ArrayList<>();
        if (nan > 0) parts.add(nan + " NaN");
        if (pos > 0) parts.add(pos + " +Inf");
        if (neg > 0) parts.add(neg + " -Inf");
        return String.join(", ", parts);
    }

    private static String leftOut(String variant, float[] scores) {
        String n = nonFinite(scores);
        return n.isEmpty() ? "" : " Left out: " + n + " score(s) of " + variant + " (not finite).";
    }

    /** Reference vs variant scores, one point per sample, with both thresholds drawn. */
    static Figure scatter(String variant, float[] ref, float[] var, boolean[] labels, double refThreshold,
                          double varThreshold) {
        XYChart c = chart("Scores: reference vs " + variant, "reference score", variant + " score");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(3);
        int step = Math.max(1, ref.length / MAX_POINTS);
        List<Double> px = new ArrayList<>(), py = new ArrayList<>(), nx = new ArrayList<>(), ny = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ref.length; i += step) {
            if (!Float.isFinite(var[i])) continue;
            boolean positive = labels != null && labels[i];
            (positive ? px : nx).add((double) ref[i]);
            (positive ? py : ny).add((double) var[i]);
            lo = Math.min(lo, Math.min(ref[i], var[i]));
            hi = Math.max(hi, Math.max(ref[i], var[i]));
        }
        String caption = "One point per sample" + (step > 1 ? " (one in " + step + ")" : "") + "; lines: the "
                + "reference's threshold and " + variant + "'s recalibrated one." + leftOut(variant, var);
        if (nx.isEmpty() && px.isEmpty()) return new Figure(null, "No finite score of " + variant + " to plot."
                + leftOut(variant, var));
        if (!nx.isEmpty()) c.addSeries(labels == null ? "samples" : "label 0", nx, ny).setMarkerColor(new Color(90, 120, 200, 120));
        if (!px.isEmpty()) c.addSeries("label 1", px, py).setMarkerColor(new Color(220, 90, 40, 160));
        if (lo < hi && Double.isFinite(refThreshold) && Double.isFinite(varThreshold)) {
            line(c, "reference threshold", new double[] {refThreshold, refThreshold}, new double[] {lo, hi}, Color.DARK_GRAY);
            line(c, variant + " threshold", new double[] {lo, hi}, new double[] {varThreshold, varThreshold}, Color.RED);
        }
        return new Figure(png(c), caption);
    }

    /** Histogram of (variant - reference) over the finite pairs. */
    static Figure differences(String variant, float[] ref, float[] var) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ref.length; i++) {
            double d = (double) var[i] - ref[i];
            if (Double.isFinite(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (lo > hi) return new Figure(null, "No finite score difference to plot." + leftOut(variant, var));
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Score differences: " + variant + " - reference").xAxisTitle("difference").yAxisTitle("samples")
                .build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setAvailableSpaceFill(0.95);
        int bins = 40;
        if (!(hi > lo)) {
            hi = lo + 1e-9;
        }
        long[] counts = new long[bins];
        double width = (hi - lo) / bins;
        for (int i = 0; i < ref.length; i++) {
            double d = (double) var[i] - ref[i];
            if (Double.isFinite(d)) counts[(int) Math.min(bins - 1, (d - lo) / width)]++;
        }
        List<String> x = new ArrayList<>();
        List<Long> y = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            x.add(b % 5 == 0 ? String.format(java.util.Locale.ROOT, "%.2g", lo + (b + 0.5) * width) : " ".repeat(b % 5));
            y.add(counts[b]);
        }
        c.addSeries("samples", x, y);
        return new Figure(png(c), "Variant minus reference, over the samples where both are finite."
                + leftOut(variant, var));
    }

    /** Precision-recall curves of every scored variant against the labels, with their operating points. */
    static Figure precisionRecall(Map<String, float[]> scores, boolean[] labels, Map<String, Double> thresholds) {
        XYChart c = chart("Precision-recall against the labels", "recall", "precision");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        long positives = 0;
        for (boolean l : labels) if (l) positives++;
        List<String> leftOut = new ArrayList<>();
        boolean drawn = false;
        for (Map.Entry<String, float[]> e : scores.entrySet()) {
            float[] s = e.getValue();
            String left = nonFinite(s);
            if (!left.isEmpty()) leftOut.add(e.getKey() + ": " + left);
            int[] order = ScoreOrder.descendingFinite(s);
            List<Double> rx = new ArrayList<>(), py = new ArrayList<>();
            int step = Math.max(1, order.length / 600);
            long tp = 0;
            for (int j = 0; j < order.length; j++) {
                if (labels[order[j]]) tp++;
                boolean groupEnd = j + 1 == order.length || s[order[j + 1]] != s[order[j]];
                if (groupEnd && (j % step == 0 || j + 1 == order.length)) {
                    rx.add(positives == 0 ? 0 : (double) tp / positives);
                    py.add((double) tp / (j + 1));
                }
            }
            if (rx.isEmpty()) continue;
            drawn = true;
            c.addSeries(e.getKey(), rx, py).setMarker(SeriesMarkers.NONE);
            double t = thresholds.get(e.getKey());
            long otp = 0, opos = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] >= t) {
                    opos++;
                    if (labels[i]) otp++;
                }
            }
            if (opos > 0 && positives > 0) {
                XYSeries p = c.addSeries(e.getKey() + " operating point", new double[] {(double) otp / positives},
                        new double[] {(double) otp / opos});
                p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                p.setMarker(SeriesMarkers.DIAMOND);
            }
        }
        String caption = "Each variant's curve over its finite scores; diamonds: the operating points at the shipped "
                + "thresholds." + (leftOut.isEmpty() ? "" : " Left out (not finite): " + String.join("; ", leftOut) + ".");
        return new Figure(drawn ? png(c) : null, drawn ? caption : "No finite scores to plot. " + caption);
    }

    /** Throughput per variant and batch size, from bench.json. */
    static Figure throughput(Map<String, Map<Integer, Double>> samplesPerSecond) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH + 200).height(HEIGHT)
                .title("Throughput (parity bench)").xAxisTitle("variant").yAxisTitle("samples/s").build();
        style(c.getStyler());
        java.util.SortedSet<Integer> batches = new java.util.TreeSet<>();
        samplesPerSecond.values().forEach(m -> batches.addAll(m.keySet()));
        List<String> variants = new ArrayList<>(samplesPerSecond.keySet());
        for (int b : batches) {
            List<Double> y = new ArrayList<>();
            for (String v : variants) y.add(samplesPerSecond.get(v).getOrDefault(b, 0.0));
            c.addSeries("batch " + b, variants, y);
        }
        return new Figure(png(c), "Samples per second from parity bench, per batch size.");
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(c.getStyler());
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 200));
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
    }

    private static String png(Chart<?, ?> chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + chart.getTitle(), e);
        }
    }
}
