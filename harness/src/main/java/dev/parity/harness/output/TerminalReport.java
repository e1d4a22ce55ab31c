package dev.parity.harness.output;

import dev.parity.harness.results.RunSummary;
import java.nio.file.Path;
import java.util.Locale;

/** The short report a run prints: the reference's operating point, one table row per variant, where the files are. */
public final class TerminalReport {
    private TerminalReport() {
    }

    public static String render(RunSummary s, Path outDir) {
        StringBuilder sb = new StringBuilder();
        RunSummary.ReferenceInfo ref = s.reference();
        sb.append(String.format(Locale.ROOT, "Parity %s: %s, %d samples, reference '%s'%n", s.toolVersion(),
                s.spec().name(), s.dataset().samples(), ref.variant()));
        sb.append(String.format(Locale.ROOT, "Reference threshold %s (%s)", num(ref.threshold()), ref.thresholdSource()));
        if (ref.vsGroundTruth() != null) {
            RunSummary.Matrix m = ref.vsGroundTruth();
            sb.append(String.format(Locale.ROOT, ": precision %s, recall %s, %d of %d positives found",
                    ratio(m.precision()), ratio(m.recall()), m.tp(), m.tp() + m.fn()));
        }
        sb.append("\n\n");

        TerminalTable t = new TerminalTable("variant", "status", "max|diff|", "mean|diff|", "p99|diff|",
                "NaN/Inf", "agree@ref", "flips", "TP/FP/FN/TN vs ref", "recal. thr", "agree after", "samples/s");
        for (RunSummary.VariantInfo v : s.variants()) {
            String name = v.name() + (v.reference() ? " (ref)" : "");
            if (v.scoreDrift() == null) {
                t.row(name, v.status().label(), "-", "-", "-", "-", "-", "-", "-", "-", "-", "-");
                continue;
            }
            RunSummary.Drift d = v.scoreDrift();
            RunSummary.Verdicts at = v.atReferenceThreshold();
            RunSummary.Matrix m = at.vsReference();
            RunSummary.Recalibrated r = v.recalibration();
            Double speed = s.run().samplesPerSecond().get(v.name());
            t.row(name, v.status().label(), sci(d.maxAbsolute()), sci(d.meanAbsolute()), sci(d.p99Absolute()),
                    (d.nanCount() + d.infCount()) + "", pct(at.agreement()), Long.toString(at.flips()),
                    m.tp() + "/" + m.fp() + "/" + m.fn() + "/" + m.tn(),
                    r.changed() ? num(r.threshold()) : "unchanged", pct(r.agreementAfter()),
                    speed == null ? "-" : String.format(Locale.ROOT, "%.0f", speed));
        }
        sb.append(t.render());
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.reason() != null) {
                sb.append(String.format("%n%s is %s: %s", v.name(), v.status().label(), v.reason()));
            }
        }
        sb.append("\n\n").append(gates(s));
        for (String w : s.decision().warnings()) sb.append("warning: ").append(w).append('\n');
        sb.append('\n').append(MarkdownReport.recommendationLine(s).replace("**", "").replace("`", "'")).append('\n');
        s.decision().recommendation().detailedReasons().forEach((v, why) -> sb.append("  ").append(v).append(": ")
                .append(why).append('\n'));
        sb.append(String.format("%nWrote %s (report.html, report.md, junit.xml, summary.json, scores.csv, raw scores)%n", outDir));
        return sb.toString();
    }

    /** One row per variant: gate counts and the first failure, so the terminal stays short. */
    static String gates(RunSummary s) {
        TerminalTable t = new TerminalTable("gates", "passed", "failed", "skipped", "first failure");
        java.util.Map<String, long[]> counts = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> first = new java.util.HashMap<>();
        for (dev.parity.harness.results.GateResult g : s.decision().gates()) {
            long[] c = counts.computeIfAbsent(g.variant(), k -> new long[3]);
            c[g.status().ordinal()]++;
            if (g.status() == dev.parity.harness.results.GateResult.Status.FAIL) {
                first.putIfAbsent(g.variant(), g.gate() + ": " + g.detail());
            }
        }
        counts.forEach((v, c) -> t.row(v, Long.toString(c[0]), Long.toString(c[1]), Long.toString(c[2]),
                first.getOrDefault(v, "-")));
        return t.render();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
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
