package dev.parity.harness.output;

import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.VariantStatistics;
import dev.parity.harness.run.EvaluationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What report.html shows of a multi-class run, for its template: the variant table (top-1 agreement, top-k overlap,
 * accuracy), each variant's class flip matrix as a heatmap (off-diagonal cells shaded by the share of the reference
 * class that moved there, so a swapped pair of classes is two dark cells mirrored across the diagonal), the per-class
 * table, and the samples that changed class.
 */
final class ClassHtml {
    /** Changed samples listed per variant; summary.json has them all. */
    static final int MAX_CHANGED_ROWS = 200;

    private ClassHtml() {
    }

    static Map<String, Object> of(RunSummary s, EvaluationResult r) {
        Decision d = s.decision();
        RunSummary.ClassesInfo classes = s.classes();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", classes.count());
        out.put("topK", classes.topK());
        out.put("accuracy", classes.referenceAccuracy() == null || classes.referenceAccuracy().isNaN() ? null
                : Format.pct(classes.referenceAccuracy()));
        out.put("variants", variantRows(s, d));
        out.put("heatmaps", heatmaps(s));
        out.put("perClass", perClass(s));
        out.put("perClassVariants", compared(s).stream().map(RunSummary.VariantInfo::name).toList());
        out.put("changed", changed(s, r));
        return out;
    }

    private static List<RunSummary.VariantInfo> compared(RunSummary s) {
        return s.variants().stream().filter(v -> v.classes() != null && !v.reference()).toList();
    }

    private static List<Map<String, Object>> variantRows(RunSummary s, Decision d) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunSummary.VariantInfo v : s.variants()) {
            Map<String, Object> m = HtmlReport.rowHead(v, d, v.classes() != null);
            if (v.classes() != null) {
                RunSummary.VariantClasses c = v.classes();
                VariantStatistics st = d.statistics().get(v.name());
                m.put("maxDiff", Format.num(v.scoreDrift().maxAbsolute()));
                m.put("p99Diff", Format.num(v.scoreDrift().p99Absolute()));
                m.put("nonFinite", HtmlReport.nonFiniteText(v.scoreDrift()));
                m.put("agreement", Format.pct(c.top1Agreement()));
                m.put("agreementCi", Format.pct(st.agreementLow()) + "–" + Format.pct(st.agreementHigh()));
                m.put("changed", c.changed());
                m.put("overlap", Format.pct(c.topKOverlap()));
                m.put("leftTopK", c.leftTopK());
                m.put("accuracy", c.accuracy() == null || c.accuracy().isNaN() ? "-" : Format.pct(c.accuracy()));
                m.put("mcnemar", st.mcnemarP() == null ? "-" : Format.num(st.mcnemarP()));
            }
            rows.add(m);
        }
        return rows;
    }

    /** One heatmap per compared variant: counts, and each cell's shade. */
    private static List<Map<String, Object>> heatmaps(RunSummary s) {
        List<String> names = new ArrayList<>(s.classes().names());
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunSummary.VariantInfo v : compared(s)) {
            List<List<Long>> m = v.classes().flipMatrix();
            int k = s.classes().count();
            // the "none" row and column only when some score was not finite
            boolean none = m.get(k).stream().anyMatch(x -> x > 0) || m.stream().anyMatch(row -> row.get(k) > 0);
            int size = none ? k + 1 : k;
            boolean changed = !v.classes().flips().isEmpty();
            List<Map<String, Object>> rows = new ArrayList<>();
            // a variant that changed no class needs no matrix: its line says so
            for (int a = 0; a < size && changed; a++) {
                List<Map<String, Object>> cells = new ArrayList<>();
                long rowTotal = 0;
                for (long x : m.get(a)) rowTotal += x;
                for (int b = 0; b < size; b++) {
                    long n = m.get(a).get(b);
                    // shaded by the share of the reference class that moved, not by the count: one sample of a
                    // thousand stays faint, a class moved whole is dark (the square root lifts small shares)
                    double alpha = 0.12 + 0.88 * Math.sqrt((double) n / Math.max(1, rowTotal));
                    String style = a == b ? "background:#eef0f3"
                            : n == 0 ? "" : String.format(Locale.ROOT, "background:rgba(196,40,40,%.2f)%s", alpha,
                            alpha > 0.6 ? ";color:#fff" : "");
                    cells.add(Map.of("n", n, "style", style));
                }
                rows.add(Map.of("name", a < k ? names.get(a) : "none", "cells", cells));
            }
            List<String> columns = new ArrayList<>(names);
            if (none) columns.add("none");
            List<String> top = v.classes().flips().stream().limit(3)
                    .map(f -> f.from() + " → " + f.to() + " (" + f.count() + ")").toList();
            out.add(Map.of("variant", v.name(), "columns", columns, "rows", rows,
                    "largest", top.isEmpty() ? "no sample changed class" : "most changed: " + String.join(", ", top)));
        }
        return out;
    }

    private static List<Map<String, Object>> perClass(RunSummary s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<RunSummary.VariantInfo> compared = compared(s);
        for (int c = 0; c < s.classes().count(); c++) {
            RunSummary.ClassInfo info = s.classes().perClass().get(c);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", info.name());
            row.put("support", info.support() == null ? "-" : info.support().toString());
            row.put("predicted", info.predicted());
            row.put("precision", pct(info.precision()));
            row.put("recall", pct(info.recall()));
            row.put("threshold", info.threshold() == null || info.threshold().isNaN() ? "-"
                    : Format.threshold(info.threshold()));
            row.put("noThreshold", info.noThreshold());
            List<Map<String, Object>> cells = new ArrayList<>();
            for (RunSummary.VariantInfo v : compared) {
                RunSummary.VariantClass vc = v.classes().perClass().get(c);
                boolean bad = vc.agreement() != null && !vc.agreement().isNaN() && vc.agreement() < 1;
                cells.add(Map.of("agreement", pct(vc.agreement()), "flips", vc.thresholdFlips() == null ? "-"
                        : vc.thresholdFlips().toString(), "bad", bad));
            }
            row.put("cells", cells);
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> changed(RunSummary s, EvaluationResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        int[] labels = r.info().classLabels();
        for (RunSummary.VariantInfo v : compared(s)) {
            List<RunSummary.ChangedSample> all = v.classes().changedSamples();
            if (all.isEmpty()) continue;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunSummary.ChangedSample c : all.subList(0, Math.min(MAX_CHANGED_ROWS, all.size()))) {
                rows.add(Map.of("id", c.id(), "slices", r.info().slices().stream().map(col -> col.valueOf(c.index()))
                                .toList(), "label", labels == null ? "-" : s.classes().names().get(labels[c.index()]),
                        "ref", c.reference(), "var", c.variant()));
            }
            out.add(Map.of("variant", v.name(), "count", all.size(), "rows", rows, "more", all.size() - rows.size(),
                    "sliceColumns", r.info().slices().stream().map(col -> col.name()).toList()));
        }
        return out;
    }

    private static String pct(Double v) {
        return v == null || v.isNaN() ? "-" : Format.pct(v);
    }
}
