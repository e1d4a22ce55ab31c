package dev.parity.harness.output;

import dev.parity.metrics.Percentiles;
import dev.parity.metrics.ScoreOrder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart at twice their display size (crisp on high-density screens) and returned
 * as base64 PNG for embedding (the report is one file). Legends sit outside the plotting area, score scatters carry
 * the y = x line, histograms cover a robust range and say what fell outside it, and the shipped variant is drawn
 * bold wherever it appears. Large datasets are subsampled deterministically (every k-th point).
 */
final class Plots {
    static final int WIDTH = 520;
    static final int HEIGHT = 420;
    static final int SCALE = 2;
    static final int MAX_POINTS = 4000;
    /** The share of score differences on either side left out of a histogram's range (outliers squash it). */
    static final double TAIL = 0.005;

    private static final Color SHIPPED = new Color(31, 111, 235);
    private static final Color[] PALETTE = {new Color(207, 34, 46), new Color(26, 127, 55), new Color(154, 103, 0),
            new Color(130, 80, 223), new Color(191, 57, 137), new Color(9, 105, 218), new Color(110, 119, 129)};

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

    /** Reference vs variant scores, one point per sample, with y = x and both thresholds. */
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
        if (nx.isEmpty() && px.isEmpty()) {
            return new Figure(null, "No finite score of " + variant + " to plot." + leftOut(variant, var));
        }
        if (lo < hi) {
            // drawn first, so that the samples stay visible on top of the guide lines
            line(c, "y = x", new double[] {lo, hi}, new double[] {lo, hi}, new Color(150, 150, 150), dashed(1f));
            if (Double.isFinite(refThreshold)) {
                line(c, "reference threshold", new double[] {refThreshold, refThreshold}, new double[] {lo, hi},
                        new Color(60, 60, 60), dashed(1.2f));
            }
            if (Double.isFinite(varThreshold)) {
                line(c, variant + "'s threshold", new double[] {lo, hi}, new double[] {varThreshold, varThreshold},
                        new Color(207, 34, 46), dashed(1.2f));
            }
        }
        if (!nx.isEmpty()) {
            c.addSeries(labels == null ? "samples" : "label 0", nx, ny).setMarkerColor(new Color(90, 120, 200, 110));
        }
        if (!px.isEmpty()) c.addSeries("label 1", px, py).setMarkerColor(new Color(220, 90, 40, 150));
        String caption = "One point per sample" + (step > 1 ? " (one in " + step + ")" : "") + "; on the grey line "
                + "both agree exactly; dashed: the reference's threshold (vertical) and " + variant + "'s shipped "
                + "threshold (horizontal)." + leftOut(variant, var);
        return new Figure(png(c), caption);
    }

    /** Histogram of (variant - reference) over the finite pairs, on a robust range. */
    static Figure differences(String variant, float[] ref, float[] var) {
        float[] diffs = new float[ref.length];
        int n = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = (double) var[i] - ref[i];
            if (Double.isFinite(d)) diffs[n++] = (float) d;
        }
        if (n == 0) return new Figure(null, "No finite score difference to plot." + leftOut(variant, var));
        double lo = Percentiles.select(diffs, n, TAIL), hi = Percentiles.select(diffs, n, 1 - TAIL);
        if (!(hi > lo)) {
            double mid = lo, half = Math.max(Math.abs(mid) * 1e-3, 1e-9);
            lo = mid - half;
            hi = mid + half;
        }
        int bins = 40;
        long[] counts = new long[bins];
        long below = 0, above = 0;
        double width = (hi - lo) / bins;
        for (int i = 0; i < n; i++) {
            double d = diffs[i];
            if (d < lo) below++;
            else if (d > hi) above++;
            else counts[(int) Math.min(bins - 1, (d - lo) / width)]++;
        }
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Score differences: " + variant + " - reference").xAxisTitle("difference").yAxisTitle("samples")
                .build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setAvailableSpaceFill(0.95);
        List<String> x = new ArrayList<>();
        List<Long> y = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            x.add(b % 8 == 0 ? String.format(Locale.ROOT, "%.2g", lo + (b + 0.5) * width) : " ".repeat(b % 8));
            y.add(counts[b]);
        }
        c.addSeries("samples", x, y).setFillColor(new Color(84, 174, 255));
        String outside = below + above == 0 ? "" : String.format(Locale.ROOT,
                " %d difference(s) below and %d above that range are not drawn.", below, above);
        return new Figure(png(c), String.format(Locale.ROOT, "Variant minus reference over the samples where both are "
                + "finite, from its %.1f to its %.1f percentile (%s to %s).", 100 * TAIL, 100 * (1 - TAIL),
                num(lo), num(hi)) + outside + leftOut(variant, var));
    }

    /** Samples a curve is drawn from at most: a larger run's curves come from every k-th sample (the caption says). */
    static final int CURVE_SAMPLES = 250_000;

    /**
     * One variant's curve and operating point on the precision-recall plane.
     *
     * @param every the curve is drawn from every {@code every}-th sample (1: all); the operating point from all
     */
    record Curve(String variant, List<Double> recall, List<Double> precision, double opRecall, double opPrecision,
                 boolean shipped, int every) {
    }

    /** The curves of every scored variant against the labels, with the operating points at their shipped thresholds. */
    static List<Curve> curves(Map<String, float[]> scores, boolean[] labels, Map<String, Double> thresholds,
                              String shipped) {
        // a curve 600 points wide needs no ten million samples: past CURVE_SAMPLES it is drawn from every k-th one,
        // which at 10M samples was most of the report's time (a sort and a cache-missing sweep per variant)
        int every = Math.max(1, (labels.length + CURVE_SAMPLES - 1) / CURVE_SAMPLES);
        boolean[] drawnLabels = every == 1 ? labels : strided(labels, every);
        long positives = 0;
        for (boolean l : drawnLabels) if (l) positives++;
        long allPositives = 0;
        for (boolean l : labels) if (l) allPositives++;
        List<Curve> out = new ArrayList<>();
        for (Map.Entry<String, float[]> e : scores.entrySet()) {
            float[] all = e.getValue();
            float[] s = every == 1 ? all : strided(all, every);
            boolean[] y = drawnLabels;
            int[] order = ScoreOrder.descendingFinite(s);
            List<Double> rx = new ArrayList<>(), py = new ArrayList<>();
            int step = Math.max(1, order.length / 600);
            long tp = 0;
            for (int j = 0; j < order.length; j++) {
                if (y[order[j]]) tp++;
                boolean groupEnd = j + 1 == order.length || s[order[j + 1]] != s[order[j]];
                if (groupEnd && (j % step == 0 || j + 1 == order.length)) {
                    rx.add(positives == 0 ? 0 : (double) tp / positives);
                    py.add((double) tp / (j + 1));
                }
            }
            if (rx.isEmpty()) continue;
            double t = thresholds.get(e.getKey());
            long otp = 0, opos = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] >= t) {
                    opos++;
                    if (labels[i]) otp++;
                }
            }
            out.add(new Curve(e.getKey(), rx, py, allPositives == 0 ? Double.NaN : (double) otp / allPositives,
                    opos == 0 ? Double.NaN : (double) otp / opos, e.getKey().equals(shipped), every));
        }
        return out;
    }

    /**
     * Precision-recall curves, whole ({@code zoom} false) or zoomed around the operating points, where variants
     * that agree closely are told apart.
     */
    static Figure precisionRecall(List<Curve> curves, Map<String, float[]> scores, boolean zoom) {
        if (curves.isEmpty()) return new Figure(null, "No finite scores to plot.");
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT + 18 * curves.size())
                .title(zoom ? "Precision-recall near the operating points" : "Precision-recall against the labels")
                .xAxisTitle("recall").yAxisTitle("precision").build();
        style(c.getStyler());
        // one legend line per variant: a horizontal legend cuts off the names that do not fit
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setXAxisDecimalPattern("0.00");
        c.getStyler().setYAxisDecimalPattern("0.00");
        double rLo = 1, rHi = 0, pLo = 1, pHi = 0;
        for (Curve k : curves) {
            if (Double.isNaN(k.opRecall()) || Double.isNaN(k.opPrecision())) continue;
            rLo = Math.min(rLo, k.opRecall());
            rHi = Math.max(rHi, k.opRecall());
            pLo = Math.min(pLo, k.opPrecision());
            pHi = Math.max(pHi, k.opPrecision());
        }
        if (zoom && rLo <= rHi) {
            double rPad = Math.max(0.02, (rHi - rLo) * 0.6), pPad = Math.max(0.02, (pHi - pLo) * 0.6);
            c.getStyler().setXAxisMin(Math.max(0, rLo - rPad)).setXAxisMax(Math.min(1, rHi + rPad));
            c.getStyler().setYAxisMin(Math.max(0, pLo - pPad)).setYAxisMax(Math.min(1, pHi + pPad));
        } else {
            c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
            c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        }
        int colour = 0;
        List<String> leftOut = new ArrayList<>();
        for (Curve k : curves) {
            Color col = k.shipped() ? SHIPPED : PALETTE[colour++ % PALETTE.length];
            String label = k.variant() + (k.shipped() ? " (ships)" : "");
            XYSeries s = c.addSeries(label, k.recall(), k.precision());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(col);
            s.setLineStyle(new BasicStroke(k.shipped() ? 3f : 1.3f));
            if (!Double.isNaN(k.opRecall()) && !Double.isNaN(k.opPrecision())) {
                XYSeries p = c.addSeries(k.variant() + " at its threshold", new double[] {k.opRecall()},
                        new double[] {k.opPrecision()});
                p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                p.setMarker(SeriesMarkers.DIAMOND);
                p.setMarkerColor(col);
                p.setShowInLegend(false);
            }
            String n = nonFinite(scores.get(k.variant()));
            if (!n.isEmpty()) leftOut.add(k.variant() + ": " + n);
        }
        String caption = (zoom ? "The same curves, zoomed to the operating points (diamonds: each variant at its "
                + "shipped threshold)." : "Each variant's curve over its finite scores; diamonds: each variant at its "
                + "shipped threshold; the shipped variant is drawn bold.")
                + (leftOut.isEmpty() ? "" : " Left out (not finite): " + String.join("; ", leftOut) + ".")
                + (curves.get(0).every() == 1 ? "" : String.format(Locale.ROOT, " The curves are drawn from one sample "
                + "in %d (%d of %d); the diamonds from all of them.", curves.get(0).every(),
                (scores.values().iterator().next().length + curves.get(0).every() - 1) / curves.get(0).every(),
                scores.values().iterator().next().length));
        return new Figure(png(c), caption);
    }

    private static float[] strided(float[] v, int every) {
        float[] out = new float[(v.length + every - 1) / every];
        for (int i = 0; i < out.length; i++) out[i] = v[i * every];
        return out;
    }

    private static boolean[] strided(boolean[] v, int every) {
        boolean[] out = new boolean[(v.length + every - 1) / every];
        for (int i = 0; i < out.length; i++) out[i] = v[i * every];
        return out;
    }

    /** SQNR along the source's graph: over the flipped probe samples and over the rest. */
    static Figure localise(dev.parity.harness.results.LocaliseReport l) {
        XYChart c = new XYChartBuilder().width(WIDTH * 2).height(HEIGHT)
                .title("SQNR along the graph: " + l.variant() + " vs " + l.source())
                .xAxisTitle("node (topological order)").yAxisTitle("SQNR (dB)").build();
        style(c.getStyler());
        List<Double> x = new ArrayList<>(), flipped = new ArrayList<>(), rest = new ArrayList<>();
        for (var t : l.tensors()) {
            if (t.sqnrDb() == null) continue; // identical, overflowed or unmatched: the table says which
            x.add((double) t.index());
            flipped.add(t.sqnrFlippedDb() == null ? t.sqnrDb() : t.sqnrFlippedDb());
            rest.add(t.sqnrRestDb() == null ? t.sqnrDb() : t.sqnrRestDb());
        }
        if (x.isEmpty()) return new Figure(null, "No tensor of " + l.variant() + " differs measurably from its source's.");
        XYSeries a = c.addSeries("flipped samples", x, flipped);
        a.setMarker(SeriesMarkers.CIRCLE);
        a.setLineColor(PALETTE[0]);
        a.setMarkerColor(PALETTE[0]);
        XYSeries b = c.addSeries("the rest", x, rest);
        b.setMarker(SeriesMarkers.CIRCLE);
        b.setLineColor(PALETTE[5]);
        b.setMarkerColor(PALETTE[5]);
        return new Figure(png(c), "Signal-to-quantization-noise ratio of each tensor of " + l.variant() + " against "
                + l.source() + "'s, on the probe samples the variant flips and on the rest; a fall marks the node "
                + "where drift enters. Identical, overflowed and unmatched tensors are in the table, not here.");
    }

    /** parity repair's trials: agreement against speed, with the variant as it is and the agreement required. */
    static Figure repair(dev.parity.harness.results.RepairReport r) {
        XYChart c = chart("Repair of " + r.variant() + ": agreement vs speed", "samples/s (speed probe)",
                "agreement at the reference threshold (%)");
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        for (var t : r.trials()) {
            if (t.speed() == null) continue;
            x.add(t.speed().value());
            y.add(100 * t.agreement());
        }
        if (x.isEmpty()) return new Figure(null, "No trial was timed.");
        XYSeries trials = c.addSeries("trials", x, y);
        trials.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        trials.setMarkerColor(SHIPPED);
        if (r.original() != null) {
            XYSeries as = c.addSeries(r.variant() + " as it is", List.of(r.original().value()),
                    List.of(100 * r.originalAgreement()));
            as.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            as.setMarkerColor(PALETTE[0]);
        }
        double lo = x.stream().mapToDouble(Double::doubleValue).min().orElse(0) * 0.9;
        double hi = x.stream().mapToDouble(Double::doubleValue).max().orElse(1) * 1.1;
        if (r.original() != null) hi = Math.max(hi, r.original().value() * 1.1);
        line(c, "required", new double[] {lo, hi}, new double[] {100 * r.minAgreement(), 100 * r.minAgreement()},
                PALETTE[1], dashed(1.5f));
        return new Figure(png(c), "Each trial's agreement on the whole dataset against its speed, the variant as it "
                + "is in red; the dashed line is the agreement required (" + num(100 * r.minAgreement()) + "%).");
    }

    /** Slices drawn, at most: the worst ones, in the table's order. */
    static final int MAX_SLICE_BARS = 12;

    /** Per slice (worst first), the share of its samples whose verdict each compared variant flips. */
    static Figure sliceFlips(List<dev.parity.harness.results.SliceResult> ordered, List<String> variants) {
        List<dev.parity.harness.results.SliceResult> shown = ordered.subList(0, Math.min(MAX_SLICE_BARS, ordered.size()));
        CategoryChart c = new CategoryChartBuilder().width(WIDTH * 2).height(HEIGHT)
                .title("Flipped verdicts by slice").xAxisTitle("slice").yAxisTitle("% of the slice's samples flipped")
                .build();
        style(c.getStyler());
        c.getStyler().setXAxisLabelRotation(30);
        List<String> names = shown.stream().map(r -> r.value() + " (n=" + r.n() + ")").toList();
        for (int i = 0; i < variants.size(); i++) {
            String v = variants.get(i);
            List<Double> y = new ArrayList<>();
            for (dev.parity.harness.results.SliceResult r : shown) {
                var f = r.variants().get(v);
                y.add(f == null ? 0.0 : 100.0 * f.flips() / r.n());
            }
            c.addSeries(v, names, y).setFillColor(PALETTE[i % PALETTE.length]);
        }
        String more = ordered.size() > shown.size() ? " The " + shown.size() + " worst of " + ordered.size()
                + " slices are drawn; the table has them all." : "";
        return new Figure(png(c), "Share of each slice's samples whose verdict differs from the reference's at the "
                + "reference threshold, worst slices first." + more);
    }

    /** Throughput per variant and batch size, from bench.json. */
    static Figure throughput(Map<String, Map<Integer, Double>> samplesPerSecond) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH * 2).height(HEIGHT)
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
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setPlotBorderVisible(false);
    }

    private static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    /** A guide line; the caption explains it, so the legend keeps to the data. */
    private static void line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setShowInLegend(false);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** The chart drawn at {@link #SCALE} times its size, so that the report's images stay sharp when zoomed. */
    private static String png(Chart<?, ?> chart) {
        int w = chart.getWidth(), h = chart.getHeight();
        BufferedImage img = new BufferedImage(w * SCALE, h * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(SCALE, SCALE);
            chart.paint(g, w, h);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + chart.getTitle(), e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
