package dev.parity.harness.output;

import dev.parity.harness.results.BaselineRun;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.SliceResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The short report a run prints: the reference's operating point, one table row per variant, every failed gate and
 * every baseline regression, the outcome and the recommendation, and where the files are.
 */
public final class TerminalReport {
    private TerminalReport() {
    }

    public static String render(RunSummary s, Path outDir) {
        StringBuilder sb = new StringBuilder();
        RunSummary.ReferenceInfo ref = s.reference();
        Decision d = s.decision();
        sb.append(String.format(Locale.ROOT, "Parity %s: %s, %d samples, reference '%s'%n", s.toolVersion(),
                s.spec().name(), s.dataset().samples(), ref.variant()));
        if (s.heads() != null) {
            sb.append(headTables(s));
        } else {
            sb.append(s.classes() != null ? classHeader(s) : binaryHeader(s)).append("\n\n");
            sb.append(s.classes() != null ? classTable(s) : binaryTable(s));
        }
        sb.append(d.recommendation().variant() == null ? "(nothing ships; " : "(* ships; ")
                .append("'loop /s' is the evaluation loop's own rate, for orientation: it never decides)\n");
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.reason() != null) {
                sb.append(String.format("%n%s is %s: %s", v.name(), v.status().label(), v.reason()));
            }
        }
        sb.append(hostModes(s));
        sb.append(worstSlices(s));
        sb.append("\n\n").append(gates(s)).append(Headline.gateCounts(s)).append('\n');
        List<GateResult> failures = d.failures().stream().filter(g -> g.gate() != GateName.NO_REGRESSION).toList();
        if (!failures.isEmpty()) {
            sb.append("Failed gates:\n");
            for (GateResult g : failures) {
                sb.append("  ").append(g.variant()).append("  ").append(g.name()).append(": ").append(g.detail())
                        .append('\n');
            }
        }
        if (!d.informationalFailures().isEmpty()) {
            sb.append("Failed gates of informational variants (reported, not counted in the exit code):\n");
            for (GateResult g : d.informationalFailures()) {
                sb.append("  ").append(g.variant()).append("  ").append(g.name()).append(": ").append(g.detail())
                        .append('\n');
            }
        }
        sb.append(baseline(d));
        for (String w : d.warnings()) sb.append("warning: ").append(w).append('\n');
        sb.append('\n').append(Headline.outcome(d)).append(": ").append(Headline.recommendation(s)).append('\n');
        d.recommendation().detailedReasons().forEach((v, why) -> sb.append("  ").append(v).append(": ")
                .append(why).append('\n'));
        String scores = Files.exists(outDir.resolve(RunFolder.SCORES_CSV)) ? RunFolder.SCORES_CSV : "";
        if (Files.exists(outDir.resolve(RunFolder.SCORES_PARQUET))) {
            scores += (scores.isEmpty() ? "" : ", ") + RunFolder.SCORES_PARQUET;
        }
        sb.append(String.format("%nWrote %s (report.html, report.md, junit.xml, summary.json, %s, raw scores)%n", outDir,
                scores.isEmpty() ? RunFolder.SCORES_CSV : scores));
        return sb.toString();
    }

    /** The reference's operating point against the labels, and how near its scores lie to the threshold. */
    private static String binaryHeader(RunSummary s) {
        StringBuilder sb = new StringBuilder();
        RunSummary.ReferenceInfo ref = s.reference();
        sb.append(String.format(Locale.ROOT, "Reference threshold %s (positive iff score >= it; %s)",
                Format.threshold(ref.threshold()), ref.thresholdSource()));
        if (ref.vsGroundTruth() != null) {
            RunSummary.Matrix m = ref.vsGroundTruth();
            sb.append(String.format(Locale.ROOT, ": precision %s, recall %s, %d of %d positives found",
                    ratio(m.precision()), ratio(m.recall()), m.tp(), m.tp() + m.fn()));
        }
        sb.append("; ").append(Headline.referenceGaps(ref));
        return sb.toString();

    }

    /** A binary score's row per variant: drift, verdicts at the reference threshold, the shipped threshold. */
    private static String binaryTable(RunSummary s) {
        Decision d = s.decision();
        TerminalTable t = new TerminalTable("variant", "status", "max|diff|", "mean|diff|", "p99|diff|",
                "NaN/Inf", "agree@ref", "flips", "TP/FP/FN/TN vs ref", "shipped thr", "agree after", "loop /s");
        for (RunSummary.VariantInfo v : s.variants()) {
            String name = v.name() + (v.reference() ? " (ref)" : "")
                    + (v.name().equals(d.recommendation().variant()) ? " *" : "");
            if (v.scoreDrift() == null) {
                t.row(name, v.status().label(), "-", "-", "-", "-", "-", "-", "-", "-", "-", "-");
                continue;
            }
            RunSummary.Drift dr = v.scoreDrift();
            RunSummary.Verdicts at = v.atReferenceThreshold();
            RunSummary.Matrix m = at.vsReference();
            RunSummary.Recalibrated r = v.recalibration();
            Double speed = s.run().samplesPerSecond().get(v.name());
            t.row(name, v.status().label(), sci(dr.maxAbsolute()), sci(dr.meanAbsolute()), sci(dr.p99Absolute()),
                    (dr.nanCount() + dr.infCount()) + "", pct(at.agreement()), Long.toString(at.flips()),
                    m.tp() + "/" + m.fp() + "/" + m.fn() + "/" + m.tn(),
                    r.changed() ? Format.threshold(r.threshold()) : "reference's", pct(r.agreementAfter()),
                    speed == null ? "-" : String.format(Locale.ROOT, "%.0f", speed));
        }
        return t.render();
    }

    /** A multi-head run: each head as a binary run shows it, with its worst slices. */
    private static String headTables(RunSummary s) {
        StringBuilder sb = new StringBuilder("Decisions: " + s.heads().size() + " heads ("
                + String.join(", ", s.heads().stream().map(RunSummary.HeadInfo::name).toList())
                + "), each at its own threshold; a variant ships only if it passes on every head\n");
        for (RunSummary.HeadInfo h : s.heads()) {
            RunSummary view = HeadViews.of(s, h);
            sb.append('\n').append(HeadViews.title(h)).append(":\n").append(binaryHeader(view)).append("\n\n")
                    .append(binaryTable(view));
            String slices = worstSlices(view);
            if (!slices.isEmpty()) sb.append(slices.substring(1)).append('\n');
        }
        return sb.toString();
    }

    /** How a multi-class reference decides, and how it does against the labels. */
    private static String classHeader(RunSummary s) {
        RunSummary.ClassesInfo c = s.classes();
        String names = c.names().size() <= 12 ? " (" + String.join(", ", c.names()) + ")" : "";
        String accuracy = c.referenceAccuracy() == null || c.referenceAccuracy().isNaN() ? "; no labels"
                : "; its accuracy against the labels " + ratio(c.referenceAccuracy());
        return "Decision: the top class of " + c.count() + names + accuracy;
    }

    /** A multi-class score's row per variant: drift over all K outputs, top-1 agreement, top-k, accuracy. */
    private static String classTable(RunSummary s) {
        Decision d = s.decision();
        int k = s.classes().topK();
        TerminalTable t = new TerminalTable("variant", "status", "max|diff|", "p99|diff|", "NaN/Inf", "top-1 agree",
                "changed", "top-" + k + " overlap", "accuracy", "most changed", "loop /s");
        for (RunSummary.VariantInfo v : s.variants()) {
            String name = v.name() + (v.reference() ? " (ref)" : "")
                    + (v.name().equals(d.recommendation().variant()) ? " *" : "");
            if (v.classes() == null) {
                t.row(name, v.status().label(), "-", "-", "-", "-", "-", "-", "-", "-", "-");
                continue;
            }
            RunSummary.Drift dr = v.scoreDrift();
            RunSummary.VariantClasses c = v.classes();
            Double speed = s.run().samplesPerSecond().get(v.name());
            String most = c.flips().isEmpty() ? "-" : c.flips().get(0).from() + "->" + c.flips().get(0).to() + " "
                    + c.flips().get(0).count();
            t.row(name, v.status().label(), sci(dr.maxAbsolute()), sci(dr.p99Absolute()),
                    (dr.nanCount() + dr.infCount()) + "", pct(c.top1Agreement()), Long.toString(c.changed()),
                    pct(c.topKOverlap()), c.accuracy() == null ? "-" : pct(c.accuracy()), most,
                    speed == null ? "-" : String.format(Locale.ROOT, "%.0f", speed));
        }
        return t.render();
    }

    /**
     * The variants whose runtime this host runs in a mode other than its own default, and why: a reader must know
     * that the reference ran with oneDNN capped, say, because its default kernels computed wrong here.
     */
    private static String hostModes(RunSummary s) {
        StringBuilder b = new StringBuilder();
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.host() != null && !v.host().startsWith("worker process, default")) {
                b.append(String.format("%n%s runs in a %s", v.name(), v.host()));
            }
        }
        return b.toString();
    }

    /** Per compared variant, the slice it does worst on (when the run has slices). */
    static String worstSlices(RunSummary s) {
        if (s.slices() == null || s.slices().isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\nWorst slice (of " + s.slices().size() + " slices by "
                + String.join(", ", s.dataset().sliceColumns()) + "; all in report.html, or ask parity query):");
        List<String> clean = new java.util.ArrayList<>();
        for (String v : SliceTable.compared(s)) {
            SliceResult worst = null;
            for (SliceResult r : s.slices()) {
                SliceResult.Figures f = r.variants().get(v);
                if (f != null && (worst == null || f.agreement() < worst.variants().get(v).agreement())) worst = r;
            }
            if (worst == null) continue;
            SliceResult.Figures f = worst.variants().get(v);
            if (f.flips() == 0) {
                clean.add(v);
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%n  %s: %s agreement %s, %d flip(s) of %d", v, worst.label(),
                    pct(f.agreement()), f.flips(), worst.n()));
        }
        if (!clean.isEmpty()) sb.append("\n  ").append(String.join(", ", clean)).append(": no flips in any slice");
        return sb.toString();
    }

    /** Every baseline comparison that fell, and how many held. */
    static String baseline(Decision d) {
        BaselineRun b = d.baselineRun();
        List<GateResult> checks = d.regressionChecks();
        if (b == null && checks.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("Baseline ").append(b == null ? d.baseline() : b.file());
        if (b != null && b.startedAt() != null) {
            sb.append(" (run ").append(b.startedAt()).append(", Parity ").append(b.toolVersion()).append(")");
        }
        long fell = checks.stream().filter(g -> g.status() == GateResult.Status.FAIL).count();
        sb.append(": ").append(fell).append(" figure(s) fell beyond the tolerance, ").append(checks.size() - fell)
                .append(" held\n");
        if (b != null) for (String c : b.modelChanges()) sb.append("  ").append(c).append(" since the baseline\n");
        for (GateResult g : checks) {
            if (g.status() == GateResult.Status.FAIL) {
                sb.append("  REGRESSION ").append(g.variant()).append("  ").append(g.name()).append(": ")
                        .append(g.detail()).append('\n');
            }
        }
        return sb.toString();
    }

    /** One row per variant: gate counts; the failures follow, each on its own line. */
    static String gates(RunSummary s) {
        TerminalTable t = new TerminalTable("gates", "passed", "failed", "skipped");
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (GateResult g : s.decision().gates()) {
            long[] c = counts.computeIfAbsent(g.variant(), k -> new long[3]);
            c[g.status().ordinal()]++;
        }
        counts.forEach((v, c) -> t.row(v, Long.toString(c[0]), Long.toString(c[1]), Long.toString(c[2])));
        return t.render();
    }

    static String sci(double v) {
        if (Double.isNaN(v)) return "-";
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
