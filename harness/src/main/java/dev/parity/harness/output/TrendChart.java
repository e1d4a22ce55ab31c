package dev.parity.harness.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A nightly job's trend: one panel per figure (agreement, flips, ...) over dated runs, a line per variant, the gate's
 * limit drawn where it has one, and a dashed mark at every run where the model or the tool version changed.
 */
public final class TrendChart {
    static final int WIDTH = 1000;
    static final int PANEL_HEIGHT = 300;
    private static final Color[] PALETTE = {new Color(31, 111, 235), new Color(207, 34, 46), new Color(26, 127, 55),
            new Color(154, 103, 0), new Color(130, 80, 223), new Color(191, 57, 137), new Color(110, 119, 129)};

    private TrendChart() {
    }

    /**
     * One figure over the runs.
     *
     * @param values by variant, one value per run (null where the variant has none)
     * @param limit  the gate's limit, drawn across, or null
     */
    public record Panel(String title, String unit, Map<String, List<Double>> values, Double limit, String limitLabel) {
    }

    /** @param changes runs (indices) where the model or the tool changed, marked in every panel */
    public static byte[] png(List<Date> dates, List<Panel> panels, List<Integer> changes) {
        List<BufferedImage> images = new ArrayList<>();
        for (Panel p : panels) images.add(render(dates, p, changes));
        BufferedImage all = new BufferedImage(WIDTH, PANEL_HEIGHT * images.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        for (int i = 0; i < images.size(); i++) g.drawImage(images.get(i), 0, i * PANEL_HEIGHT, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(all, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage render(List<Date> dates, Panel p, List<Integer> changes) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(p.title())
                .yAxisTitle(p.unit()).build();
        org.knowm.xchart.style.XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setPlotBorderVisible(false);
        // a pattern that tells the runs apart: nightly runs by day, a day's reruns by the minute or second
        long span = dates.get(dates.size() - 1).getTime() - dates.get(0).getTime();
        s.setDatePattern(span < 3_600_000L ? "HH:mm:ss" : span < 3L * 86_400_000L ? "MM-dd HH:mm" : "yyyy-MM-dd");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (Map.Entry<String, List<Double>> e : p.values().entrySet()) {
            List<Date> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < dates.size(); i++) {
                Double v = e.getValue().get(i);
                if (v == null || !Double.isFinite(v)) continue;
                x.add(dates.get(i));
                y.add(v);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (x.isEmpty()) continue;
            XYSeries series = c.addSeries(e.getKey(), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(PALETTE[k % PALETTE.length]);
            series.setMarkerColor(PALETTE[k++ % PALETTE.length]);
        }
        if (k == 0) {
            c.addSeries("no values", List.of(dates.get(0)), List.of(0.0)).setMarker(SeriesMarkers.NONE);
            lo = 0;
            hi = 1;
        }
        if (p.limit() != null) {
            lo = Math.min(lo, p.limit());
            hi = Math.max(hi, p.limit());
            XYSeries gate = c.addSeries(p.limitLabel(), List.of(dates.get(0), dates.get(dates.size() - 1)),
                    List.of(p.limit(), p.limit()));
            gate.setMarker(SeriesMarkers.NONE);
            gate.setLineColor(new Color(207, 34, 46));
            gate.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        double pad = hi > lo ? (hi - lo) * 0.1 : Math.max(1e-6, Math.abs(hi) * 0.01);
        s.setYAxisMin(lo - pad);
        s.setYAxisMax(hi + pad);
        for (int i = 0; i < changes.size(); i++) {
            Date d = dates.get(changes.get(i));
            XYSeries mark = c.addSeries(i == 0 ? "model or tool changed" : "change " + i, List.of(d, d),
                    List.of(lo - pad, hi + pad));
            mark.setMarker(SeriesMarkers.NONE);
            mark.setLineColor(new Color(110, 119, 129));
            mark.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {2f, 3f}, 0f));
            mark.setShowInLegend(i == 0);
        }
        BufferedImage img = new BufferedImage(WIDTH, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        c.paint(g, WIDTH, PANEL_HEIGHT);
        g.dispose();
        return img;
    }

    /** An ordered map literal, for callers building panels. */
    public static Map<String, List<Double>> byVariant() {
        return new LinkedHashMap<>();
    }
}
