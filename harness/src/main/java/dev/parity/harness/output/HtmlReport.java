package dev.parity.harness.output;

import dev.parity.harness.results.BaselineRun;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.LocaliseReport;
import dev.parity.harness.results.RepairReport;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.SliceResult;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatistics;
import dev.parity.harness.run.EvaluationResult;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one self-contained file (CSS and PNG plots embedded) rendered from reports/templates/report.html.
 * Pebble escapes every value for HTML, so names and paths from specs and models cannot inject markup.
 */
public final class HtmlReport {
    /** Flipped samples listed per variant; the rest are in scores.csv. */
    static final int MAX_FLIP_ROWS = 50;

    private static final PebbleEngine ENGINE = new PebbleEngine.Builder().loader(classpathLoader())
            .strictVariables(false).autoEscaping(true).build();

    private HtmlReport() {
    }

    private static ClasspathLoader classpathLoader() {
        ClasspathLoader loader = new ClasspathLoader(HtmlReport.class.getClassLoader());
        loader.setPrefix("templates");
        return loader;
    }

    public static String render(RunSummary s, EvaluationResult r, Map<String, Map<Integer, Double>> speed,
                                List<Map<String, Object>> speedRows) {
        return render(s, r, speed, speedRows, List.of(), List.of(), null);
    }

    /**
     * Reports rendered by this process: a command renders its report once (a page of plots takes a while, and a
     * second render is a second chance to differ), and the command tests check it by this count.
     */
    private static final java.util.concurrent.atomic.AtomicLong RENDERS = new java.util.concurrent.atomic.AtomicLong();

    /** How many reports this process has rendered. */
    public static long renders() {
        return RENDERS.get();
    }

    /** @param localised what parity localise found for variants of this run (shown when there is any) */
    public static String render(RunSummary s, EvaluationResult r, Map<String, Map<Integer, Double>> speed,
                                List<Map<String, Object>> speedRows, List<LocaliseReport> localised,
                                List<RepairReport> repairs, String trend) {
        RENDERS.incrementAndGet();
        Decision d = s.decision();
        var rec = d.recommendation();
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("toolVersion", s.toolVersion());
        ctx.put("schemaVersion", s.schemaVersion());
        ctx.put("spec", Map.of("name", s.spec().name(), "file", s.spec().file(), "sha256", String.valueOf(s.spec().sha256())));
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("samples", s.dataset().samples());
        dataset.put("positives", s.dataset().positives());
        dataset.put("inputs", fileMap(s.dataset().inputs()));
        dataset.put("kind", s.dataset().kind() == null ? "npy" : s.dataset().kind().replace('_', ' '));
        dataset.put("labels", s.dataset().labels() == null ? null : fileMap(s.dataset().labels()));
        ctx.put("dataset", dataset);
        ctx.put("inputShape", String.valueOf(s.dataset().inputs().shape()));
        boolean multiClass = s.classes() != null, multiHead = s.heads() != null;
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("variant", s.reference().variant());
        reference.put("threshold", multiClass || multiHead ? null : Format.threshold(s.reference().threshold()));
        reference.put("thresholdSource", s.reference().thresholdSource());
        reference.put("gaps", multiClass || multiHead ? null : Headline.referenceGaps(s.reference()));
        ctx.put("reference", reference);
        ctx.put("run", Map.of("startedAt", s.run().startedAt()));
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("cpu", s.environment().cpu());
        environment.put("cores", s.environment().cores());
        environment.put("os", s.environment().os());
        environment.put("jvm", s.environment().jvm());
        environment.put("signature", s.environment().cpuSignature());
        environment.put("simd", s.environment().simdFlags());
        ctx.put("environment", environment);

        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("colour", d.outcome() == null ? "green" : d.outcome().colour());
        headline.put("outcome", Headline.outcome(d));
        headline.put("meaning", d.outcome() == null ? "" : Headline.outcomeMeaning(d.outcome()));
        headline.put("sentence", Headline.recommendation(s));
        headline.put("variant", rec.variant());
        headline.put("threshold", multiClass || multiHead ? null : Format.threshold(rec.threshold()));
        headline.put("gateCounts", Headline.gateCounts(s));
        headline.put("rule", rec.rule());
        ctx.put("headline", headline);
        List<Map<String, Object>> reasons = new ArrayList<>();
        rec.detailedReasons().forEach((v, t) -> reasons.add(Map.of("variant", v, "text", t)));
        ctx.put("reasons", reasons);
        ctx.put("baseline", baseline(d));
        ctx.put("warnings", d.warnings());
        ctx.put("gateMatrix", gateMatrix(d));
        List<Map<String, Object>> details = new ArrayList<>();
        for (GateResult g : GateMatrix.details(d.gates())) {
            details.add(Map.of("variant", g.variant(), "gate", g.name(),
                    "status", g.status().name().toLowerCase(Locale.ROOT), "detail", g.detail()));
        }
        ctx.put("gateDetails", details);
        ctx.put("classes", multiClass ? ClassHtml.of(s, r) : null);
        ctx.put("variants", multiClass || multiHead ? List.of() : variantRows(s, d));
        ctx.put("heads", multiHead ? heads(s) : null);
        ctx.put("models", modelRows(s));
        ctx.put("matrices", multiHead ? headMatrices(s) : matrices(s));
        ctx.put("flips", multiClass ? List.of() : multiHead ? headFlips(r) : flips(r));
        ctx.put("slices", slices(s));
        ctx.put("localised", localisations(localised, repairs));
        ctx.put("trend", trend);
        addPlots(ctx, r, rec.variant());
        ctx.put("speedPlot", speed.isEmpty() ? null : Plots.safely("the throughput chart", () -> Plots.throughput(speed)));
        ctx.put("speedRows", speedRows);
        ctx.put("probe", probeRows(s));

        try {
            PebbleTemplate t = ENGINE.getTemplate("report.html");
            StringWriter w = new StringWriter();
            t.evaluate(w, ctx);
            return w.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render report.html", e);
        }
    }

    /** Speed figures of a bench.json for the chart and table. */
    public static Map<String, Map<Integer, Double>> speed(BenchFigures bench, List<String> variants, List<Integer> batches) {
        Map<String, Map<Integer, Double>> out = new LinkedHashMap<>();
        for (String v : variants) {
            for (int b : batches) {
                bench.at(v, b).ifPresent(f -> out.computeIfAbsent(v, k -> new LinkedHashMap<>()).put(b, f.samplesPerSecond()));
            }
        }
        return out;
    }

    private static Map<String, Object> fileMap(RunSummary.FileInfo f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.file());
        m.put("sha256", f.sha256());
        m.put("dtype", f.dtype() == null ? "" : f.dtype());
        return m;
    }

    private static List<Map<String, Object>> variantRows(RunSummary s, Decision d) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunSummary.VariantInfo v : s.variants()) {
            Map<String, Object> m = rowHead(v, d, v.scoreDrift() != null);
            if (v.scoreDrift() != null) {
                VariantStatistics st = d.statistics().get(v.name());
                m.put("maxDiff", Format.num(v.scoreDrift().maxAbsolute()));
                m.put("meanDiff", Format.num(v.scoreDrift().meanAbsolute()));
                m.put("p99Diff", Format.num(v.scoreDrift().p99Absolute()));
                m.put("nonFinite", nonFiniteText(v.scoreDrift()));
                m.put("agreement", Format.pct(v.atReferenceThreshold().agreement()));
                m.put("agreementCi", Format.pct(st.agreementLow()) + "–" + Format.pct(st.agreementHigh()));
                m.put("flips", v.atReferenceThreshold().flips());
                m.put("threshold", Format.threshold(v.recalibration().threshold()));
                m.put("thresholdChanged", v.recalibration().changed());
                m.put("agreementAfter", Format.pct(v.recalibration().agreementAfter()));
                RunSummary.Matrix after = v.recalibration().vsGroundTruthAfter();
                m.put("precision", after == null ? "-" : Format.pct(after.precision()));
                m.put("precisionCi", after == null ? "" : Format.pct(st.precisionLow()) + "–" + Format.pct(st.precisionHigh()));
                m.put("recall", after == null ? "-" : Format.pct(after.recall()));
                m.put("recallCi", after == null ? "" : Format.pct(st.recallLow()) + "–" + Format.pct(st.recallHigh()));
                m.put("mcnemar", st.mcnemarP() == null ? "-" : Format.num(st.mcnemarP()));
            }
            rows.add(m);
        }
        return rows;
    }

    /** A multi-head run's variant table per head, each as a binary run's. */
    private static List<Map<String, Object>> heads(RunSummary s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunSummary.HeadInfo h : s.heads()) {
            RunSummary view = HeadViews.of(s, h);
            out.add(Map.of("name", h.name(), "title", HeadViews.title(h),
                    "threshold", Format.threshold(h.reference().threshold()),
                    "thresholdSource", h.reference().thresholdSource(), "gaps", Headline.referenceGaps(h.reference()),
                    "rows", variantRows(view, view.decision())));
        }
        return out;
    }

    /** Each head's confusion matrices, titled with the head. */
    private static List<Map<String, Object>> headMatrices(RunSummary s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunSummary.HeadInfo h : s.heads()) {
            for (Map<String, Object> m : matrices(HeadViews.of(s, h))) {
                Map<String, Object> titled = new LinkedHashMap<>(m);
                titled.put("title", "head '" + h.name() + "' " + m.get("title"));
                out.add(titled);
            }
        }
        return out;
    }

    /** Each head's flipped samples, the variant named with the head. */
    private static List<Map<String, Object>> headFlips(EvaluationResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EvaluationResult.Head h : r.heads()) {
            for (Map<String, Object> f : flips(h.result())) {
                Map<String, Object> named = new LinkedHashMap<>(f);
                named.put("variant", f.get("variant") + " · head " + h.name());
                out.add(named);
            }
        }
        return out;
    }

    /** The first cells of a variant's row in either variant table: its name and marks, or why it did not run. */
    static Map<String, Object> rowHead(RunSummary.VariantInfo v, Decision d, boolean ok) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("reference", v.reference());
        m.put("shipped", v.name().equals(d.recommendation().variant()));
        m.put("ok", ok);
        m.put("status", v.status());
        m.put("reason", v.reason());
        return m;
    }

    /** "0", or the count with its kinds: "998 (73 NaN, 115 +Inf, 810 -Inf)". */
    static String nonFiniteText(RunSummary.Drift d) {
        long total = d.nanCount() + d.infCount();
        if (total == 0) return "0";
        List<String> kinds = new ArrayList<>();
        if (d.nanCount() > 0) kinds.add(d.nanCount() + " NaN");
        if (d.posInfCount() > 0) kinds.add(d.posInfCount() + " +Inf");
        if (d.negInfCount() > 0) kinds.add(d.negInfCount() + " -Inf");
        return total + " (" + String.join(", ", kinds) + ")";
    }

    private static List<Map<String, Object>> modelRows(RunSummary s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunSummary.VariantInfo v : s.variants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("runtime", v.runtime());
            m.put("device", v.device());
            m.put("version", v.runtimeVersion());
            m.put("provider", v.executionProvider());
            m.put("host", v.host());
            Long rss = s.run().peakRssBytes() == null ? null : s.run().peakRssBytes().get(v.name());
            m.put("peakRss", rss == null ? null : String.format(java.util.Locale.ROOT, "%.0f MB", rss / 1e6));
            m.put("file", v.artifact() == null ? null : v.artifact().file());
            m.put("sha", v.artifact() == null ? null : v.artifact().sha256());
            if (v.made() != null) {
                m.put("made", Map.of("from", v.made().from(), "converter", v.made().converter(), "reused",
                        v.made().reused()));
                m.put("madeSettings", String.valueOf(v.made().settings()));
            } else {
                m.put("made", null);
            }
            m.put("preprocessing", v.preprocessing() == null ? null : String.valueOf(v.preprocessing()));
            rows.add(m);
        }
        return rows;
    }

    private static List<Map<String, Object>> matrices(RunSummary s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.atReferenceThreshold() == null) continue;
            if (!v.reference()) out.add(matrix(v.name(), "vs reference verdicts", v.atReferenceThreshold().vsReference()));
            if (v.atReferenceThreshold().vsGroundTruth() != null) {
                out.add(matrix(v.name(), "vs labels at the reference threshold", v.atReferenceThreshold().vsGroundTruth()));
            }
        }
        return out;
    }

    private static Map<String, Object> matrix(String variant, String title, RunSummary.Matrix m) {
        return Map.of("variant", variant, "title", title, "tp", m.tp(), "fp", m.fp(), "fn", m.fn(), "tn", m.tn());
    }

    /** Rows of the worst tensors and the attribution shown per localised variant. */
    static final int LOCALISE_ROWS = 10;

    private static List<Map<String, Object>> localisations(List<LocaliseReport> reports, List<RepairReport> repairs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LocaliseReport l : reports) {
            Map<String, Object> m = new LinkedHashMap<>();
            RepairReport repair = repairs.stream().filter(x -> x.variant().equals(l.variant())).findFirst().orElse(null);
            m.put("repair", repair == null ? null : Map.of("chart", Plots.safely("the repair chart",
                    () -> Plots.repair(repair)), "outcome", repair.passed() ? "passes: " + repair.fragment()
                    : "no trial passed; the closest: " + String.valueOf(repair.fragment())));
            m.put("variant", l.variant());
            m.put("source", l.source());
            m.put("summary", LocaliseTable.summary(l));
            m.put("chart", Plots.safely("the localisation chart", () -> Plots.localise(l)));
            m.put("tensors", LocaliseTable.worst(l, LOCALISE_ROWS).stream().map(t -> Map.of("index", t.index(),
                    "node", t.node(), "op", t.opType(), "sqnr", LocaliseTable.db(t.sqnrDb(), t.state()),
                    "flipped", LocaliseTable.db(t.sqnrFlippedDb(), t.state()), "rest",
                    LocaliseTable.db(t.sqnrRestDb(), t.state()), "drop", LocaliseTable.num(t.dropDb()),
                    "maxDiff", LocaliseTable.num(t.maxAbsDiff())))
                    .toList());
            m.put("attribution", l.attribution().stream().map(a -> Map.of("node", a.node(), "op", a.opType(),
                    "fixed", a.fixed(), "made", a.made(), "after", Format.pct(a.agreementAfter()),
                    "gain", Format.pct(a.gain()))).toList());
            out.add(m);
        }
        return out;
    }

    /** The slice table: columns per compared variant, rows worst first; and its chart. */
    private static Map<String, Object> slices(RunSummary s) {
        if (s.slices() == null || s.slices().isEmpty()) return null;
        List<String> compared = SliceTable.compared(s);
        List<SliceResult> ordered = SliceTable.ordered(s);
        String ref = s.reference().variant();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SliceResult r : ordered) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String v : compared) {
                SliceResult.Figures f = r.variants().get(v);
                cells.add(f == null ? Map.of("text", "-", "ci", "", "flips", 0L, "bad", false)
                        : Map.of("text", Format.pct(f.agreement()), "ci", Format.pct(f.agreementLow()) + "–"
                        + Format.pct(f.agreementHigh()), "flips", f.flips(), "bad", f.flips() > 0));
            }
            SliceResult.Figures rf = r.variants().get(ref);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("slice", r.label());
            row.put("n", r.n());
            row.put("positives", r.positives() == null ? "-" : r.positives().toString());
            row.put("precision", rf == null || rf.precision() == null ? "-" : Format.pct(rf.precision()));
            row.put("recall", rf == null || rf.recall() == null ? "-" : Format.pct(rf.recall()));
            row.put("cells", cells);
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", String.join(", ", s.dataset().sliceColumns()));
        out.put("variants", compared);
        out.put("rows", rows);
        out.put("chart", compared.isEmpty() ? null
                : Plots.safely("the slice chart", () -> Plots.sliceFlips(ordered, compared)));
        return out;
    }

    private static List<Map<String, Object>> flips(EvaluationResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        float[] ref = r.scores(r.spec().reference());
        for (VariantScores v : r.variants()) {
            Comparison c = r.comparisons().get(v.name());
            if (c == null || c.atReference().flips() == 0) continue;
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Integer> ids = new ArrayList<>(c.atReference().flippedToNegative());
            ids.addAll(c.atReference().flippedToPositive());
            ids.sort(Integer::compare);
            for (int id : ids.subList(0, Math.min(MAX_FLIP_ROWS, ids.size()))) {
                List<String> sliceValues = r.info().slices().stream().map(col -> col.valueOf(id)).toList();
                rows.add(Map.of("id", r.info().id(id), "slices", sliceValues,
                        "label", r.labels() == null ? "-" : r.labels()[id] ? "1" : "0",
                        "ref", Float.toString(ref[id]), "var", Float.toString(v.scores()[id]),
                        "direction", c.atReference().flippedToPositive().contains(id) ? "negative → positive"
                                : "positive → negative"));
            }
            out.add(Map.of("variant", v.name(), "count", ids.size(), "rows", rows,
                    "more", ids.size() - rows.size(),
                    "sliceColumns", r.info().slices().stream().map(col -> col.name()).toList()));
        }
        return out;
    }

    private static void addPlots(Map<String, Object> ctx, EvaluationResult r, String shipped) {
        float[] ref = r.scores(r.spec().reference());
        if (r.multiClass() || r.multiHead()) {
            // no one threshold to draw: the differences over every output kept are what moved
            ctx.put("variantPlots", r.variants().stream().filter(v -> v.ok() && !v.name().equals(r.spec().reference()))
                    .parallel().map(v -> Map.<String, Object>of("variant", v.name(), "shipped",
                            v.name().equals(shipped), "scatter", new Plots.Figure(null, null), "diffs",
                            Plots.safely("the difference histogram of " + v.name(),
                                    () -> Plots.differences(v.name(), ref, v.scores())))).toList());
            ctx.put("prPlots", List.of());
            return;
        }
        double refThreshold = r.operatingPoint().threshold();
        Map<String, float[]> all = new LinkedHashMap<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        List<VariantScores> others = new ArrayList<>();
        for (VariantScores v : r.variants()) {
            if (!v.ok()) continue;
            all.put(v.name(), v.scores());
            thresholds.put(v.name(), r.comparisons().get(v.name()).recalibration().threshold());
            if (!v.name().equals(r.spec().reference())) others.add(v);
        }
        // each chart is drawn into its own image, so they are drawn on all cores at once
        List<Map<String, Object>> plots = others.parallelStream().map(v -> {
            String name = v.name();
            Comparison c = r.comparisons().get(name);
            return Map.<String, Object>of("variant", name, "shipped", name.equals(shipped),
                    "scatter", Plots.safely("the score scatter of " + name, () -> Plots.scatter(name, ref, v.scores(),
                            r.labels(), refThreshold, c.recalibration().threshold())),
                    "diffs", Plots.safely("the difference histogram of " + name,
                            () -> Plots.differences(name, ref, v.scores())));
        }).toList();
        ctx.put("variantPlots", plots);
        if (r.labels() == null) {
            ctx.put("prPlots", List.of());
            return;
        }
        List<Plots.Curve> curves;
        try {
            curves = Plots.curves(all, r.labels(), thresholds, shipped);
        } catch (RuntimeException e) {
            ctx.put("prPlots", List.of(new Plots.Figure(null, "precision-recall curves could not be drawn: " + e)));
            return;
        }
        ctx.put("prPlots", java.util.stream.Stream.of(false, true).parallel().map(zoom -> Plots.safely(
                zoom ? "the zoomed precision-recall chart" : "the precision-recall chart",
                () -> Plots.precisionRecall(curves, all, zoom))).toList());
    }

    /** The baseline banner: which run, and every comparison, the fallen ones first. */
    private static Map<String, Object> baseline(Decision d) {
        if (d.baselineRun() == null && d.regressionChecks().isEmpty()) return null;
        BaselineRun b = d.baselineRun();
        List<Map<String, Object>> moved = new ArrayList<>();
        for (GateResult g : d.regressionChecks()) {
            if (g.status() == GateResult.Status.FAIL) moved.add(Map.of("variant", g.variant(), "detail", g.detail()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", b == null ? d.baseline() : b.file());
        m.put("startedAt", b == null ? null : b.startedAt());
        m.put("toolVersion", b == null ? null : b.toolVersion());
        m.put("regressed", !moved.isEmpty());
        m.put("moved", moved);
        m.put("held", d.regressionChecks().size() - moved.size());
        m.put("modelChanges", b == null ? List.of() : b.modelChanges());
        return m;
    }

    /** The gate matrix for the template: header cells split at underscores so they can wrap. */
    private static Map<String, Object> gateMatrix(Decision d) {
        GateMatrix m = GateMatrix.of(d.gates());
        List<List<String>> columns = new ArrayList<>();
        for (String c : m.columns()) columns.add(List.of(c.split("(?<=[_:])")));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GateMatrix.Row row : m.rows()) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (GateResult g : row.cells()) {
                cells.add(Map.of("text", GateMatrix.cell(g),
                        "status", g == null ? "none" : g.status().name().toLowerCase(Locale.ROOT)));
            }
            rows.add(Map.of("variant", row.variant(), "shipped", row.variant().equals(d.recommendation().variant()),
                    "cells", cells));
        }
        return Map.of("columns", columns, "rows", rows);
    }

    /** The speed probe's figures, when it decided (run-specific; the same numbers are under run in summary.json). */
    private static List<Map<String, Object>> probeRows(RunSummary s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (s.run().speed() == null || !"speed probe".equals(s.run().speedSource())) return rows;
        boolean latency = s.decision().recommendation().objective().contains("latency");
        s.run().speed().forEach((v, sp) -> rows.add(Map.of("variant", v, "value", Format.num(sp.value()),
                "range", Format.num(sp.low()) + "–" + Format.num(sp.high()), "unit", latency ? "ms p99" : "samples/s",
                "shipped", v.equals(s.decision().recommendation().variant()))));
        return rows;
    }
}
