package dev.parity.harness.output;

import dev.parity.harness.results.BaselineRun;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.SliceResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.md, for CI job summaries and pull requests: the outcome and the recommendation first, then the baseline
 * comparison, the gates as a matrix with the failures first, and the drift table.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(RunSummary s) {
        Decision d = s.decision();
        Recommendation r = d.recommendation();
        StringBuilder sb = new StringBuilder();
        sb.append("# Parity: ").append(md(s.spec().name())).append(" — ").append(Headline.outcome(d)).append("\n\n");
        sb.append("**").append(md(Headline.recommendation(s))).append("**\n\n");
        for (Map.Entry<String, String> e : r.detailedReasons().entrySet()) {
            sb.append("- `").append(code(e.getKey())).append("` ").append(md(e.getValue())).append('\n');
        }
        sb.append('\n').append(Headline.gateCounts(s)).append("\n\n");
        baseline(sb, d);
        for (String w : d.warnings()) sb.append("> **Warning:** ").append(md(w)).append("\n\n");

        GateMatrix m = GateMatrix.of(d.gates());
        sb.append("## Gates\n\n| variant |");
        m.columns().forEach(c -> sb.append(" `").append(code(c)).append("` |"));
        sb.append("\n|---|");
        m.columns().forEach(c -> sb.append("---|"));
        sb.append('\n');
        for (GateMatrix.Row row : m.rows()) {
            sb.append("| `").append(code(row.variant())).append("` |");
            for (GateResult g : row.cells()) {
                String text = GateMatrix.cell(g);
                sb.append(' ').append(g != null && g.status() == GateResult.Status.FAIL ? "**FAIL " + text + "**"
                        : text).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
        for (GateResult g : GateMatrix.details(d.gates())) {
            sb.append("- ").append(g.status() == GateResult.Status.FAIL ? "**FAIL**" : "skipped").append(" `")
                    .append(code(g.variant())).append("` `").append(code(g.name())).append("`: ")
                    .append(md(g.detail())).append('\n');
        }
        if (s.classes() != null) {
            classVariants(sb, s);
            slices(sb, s);
            sb.append("\n<sub>").append(md(r.rule())).append(" Reference decision: ")
                    .append(md(s.reference().thresholdSource())).append(". Parity ").append(md(s.toolVersion()))
                    .append(".</sub>\n");
            return sb.toString();
        }
        if (s.heads() != null) {
            for (RunSummary.HeadInfo h : s.heads()) {
                RunSummary view = HeadViews.of(s, h);
                sb.append("\n## ").append(md(HeadViews.title(h))).append("\n\n");
                variants(sb, view);
                slices(sb, view);
                sb.append("\nReference threshold `").append(Format.threshold(h.reference().threshold())).append("` (")
                        .append(md(h.reference().thresholdSource())).append("; ")
                        .append(md(Headline.referenceGaps(h.reference()))).append(").\n");
            }
            sb.append("\n<sub>").append(md(r.rule())).append(" A variant ships only if it passes on every head. Parity ")
                    .append(md(s.toolVersion())).append(".</sub>\n");
            return sb.toString();
        }
        sb.append("\n## Variants\n\n");
        variants(sb, s);
        slices(sb, s);
        sb.append("\n<sub>").append(md(r.rule())).append(" Reference threshold `")
                .append(Format.threshold(s.reference().threshold())).append("` (")
                .append(md(s.reference().thresholdSource())).append("; ")
                .append(md(Headline.referenceGaps(s.reference()))).append("). Parity ").append(md(s.toolVersion()))
                .append(".</sub>\n");
        return sb.toString();
    }

    /** A binary score's variant table: drift, agreement at the reference threshold, the shipped threshold. */
    private static void variants(StringBuilder sb, RunSummary s) {
        Decision d = s.decision();
        Recommendation r = d.recommendation();
        sb.append("| variant | status | max \\|diff\\| | agreement @ref (95% CI) | flips | "
                + "shipped threshold | agreement after |\n|---|---|---|---|---|---|---|\n");
        for (RunSummary.VariantInfo v : s.variants()) {
            String name = "`" + code(v.name()) + "`" + (v.reference() ? " (reference)" : "")
                    + (v.name().equals(r.variant()) ? " **ships**" : "");
            if (v.scoreDrift() == null) {
                sb.append(String.format("| %s | %s: %s | | | | | |%n", name, v.status(), md(v.reason())));
                continue;
            }
            var st = d.statistics().get(v.name());
            sb.append(String.format(Locale.ROOT, "| %s | ok | %s | %s (%s–%s) | %d | %s | %s |%n", name,
                    Format.num(v.scoreDrift().maxAbsolute()), Format.pct(v.atReferenceThreshold().agreement()),
                    Format.pct(st.agreementLow()), Format.pct(st.agreementHigh()), v.atReferenceThreshold().flips(),
                    v.recalibration().changed() ? "`" + Format.threshold(v.recalibration().threshold()) + "`"
                            : "the reference's", Format.pct(v.recalibration().agreementAfter())));
        }
    }

    /** Flip-matrix cells listed per variant in the Markdown report; summary.json has the whole matrix. */
    static final int MAX_FLIP_CELLS = 5;

    /** A multi-class run's variant table, and where each variant's changed samples went. */
    private static void classVariants(StringBuilder sb, RunSummary s) {
        Decision d = s.decision();
        RunSummary.ClassesInfo classes = s.classes();
        sb.append("\n## Variants\n\n").append(classes.count()).append(" classes");
        if (classes.referenceAccuracy() != null && !classes.referenceAccuracy().isNaN()) {
            sb.append("; the reference's accuracy against the labels ").append(Format.pct(classes.referenceAccuracy()));
        }
        sb.append(".\n\n| variant | status | max \\|diff\\| | top-1 agreement (95% CI) | changed class | top-")
                .append(classes.topK()).append(" overlap | accuracy |\n|---|---|---|---|---|---|---|\n");
        for (RunSummary.VariantInfo v : s.variants()) {
            String name = "`" + code(v.name()) + "`" + (v.reference() ? " (reference)" : "")
                    + (v.name().equals(d.recommendation().variant()) ? " **ships**" : "");
            if (v.classes() == null) {
                sb.append(String.format("| %s | %s: %s | | | | | |%n", name, v.status(), md(v.reason())));
                continue;
            }
            var st = d.statistics().get(v.name());
            RunSummary.VariantClasses c = v.classes();
            sb.append(String.format(Locale.ROOT, "| %s | ok | %s | %s (%s–%s) | %d | %s | %s |%n", name,
                    Format.num(v.scoreDrift().maxAbsolute()), Format.pct(c.top1Agreement()),
                    Format.pct(st.agreementLow()), Format.pct(st.agreementHigh()), c.changed(),
                    Format.pct(c.topKOverlap()), c.accuracy() == null ? "-" : Format.pct(c.accuracy())));
        }
        boolean any = false;
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.classes() == null || v.classes().flips().isEmpty()) continue;
            if (!any) sb.append("\n## Where the classes changed\n\nReference class → variant class (samples), most first.\n\n");
            any = true;
            List<RunSummary.ClassFlip> flips = v.classes().flips();
            sb.append("- `").append(code(v.name())).append("`: ");
            sb.append(String.join(", ", flips.subList(0, Math.min(MAX_FLIP_CELLS, flips.size())).stream()
                    .map(f -> md(f.from()) + " → " + md(f.to()) + " (" + f.count() + ")").toList()));
            if (flips.size() > MAX_FLIP_CELLS) sb.append(", and ").append(flips.size() - MAX_FLIP_CELLS).append(" more");
            sb.append('\n');
        }
    }

    /** Rows of the slice table shown in the Markdown report; report.html and summary.json have them all. */
    static final int MAX_SLICE_ROWS = 15;

    private static void slices(StringBuilder sb, RunSummary s) {
        if (s.slices() == null || s.slices().isEmpty()) return;
        List<String> compared = SliceTable.compared(s);
        List<SliceResult> rows = SliceTable.ordered(s);
        sb.append("\n## Slices\n\nAgreement at the reference threshold (flips) per slice, worst first")
                .append(rows.size() > MAX_SLICE_ROWS ? " (" + MAX_SLICE_ROWS + " of " + rows.size() + ")" : "")
                .append(".\n\n| slice | n |");
        for (String v : compared) sb.append(" `").append(code(v)).append("` |");
        sb.append("\n|---|---|").append("---|".repeat(compared.size())).append('\n');
        for (SliceResult r : rows.subList(0, Math.min(MAX_SLICE_ROWS, rows.size()))) {
            sb.append("| `").append(code(r.label())).append("` | ").append(r.n()).append(" |");
            for (String v : compared) {
                SliceResult.Figures f = r.variants().get(v);
                sb.append(' ').append(f == null ? "-" : Format.pct(f.agreement()) + " (" + f.flips() + ")").append(" |");
            }
            sb.append('\n');
        }
    }

    /** The baseline banner: which run, and every figure that moved beyond the tolerance. */
    private static void baseline(StringBuilder sb, Decision d) {
        BaselineRun b = d.baselineRun();
        if (b == null && d.regressionChecks().isEmpty()) return;
        long fell = d.regressionChecks().stream().filter(g -> g.status() == GateResult.Status.FAIL).count();
        sb.append("> **Baseline").append(fell > 0 ? " regression" : "").append(":** compared with `")
                .append(code(b == null ? d.baseline() : b.file())).append('`');
        if (b != null && b.startedAt() != null) {
            sb.append(" (run ").append(md(b.startedAt())).append(", Parity ").append(md(b.toolVersion())).append(')');
        }
        sb.append("; ").append(fell).append(" figure(s) fell, ").append(d.regressionChecks().size() - fell)
                .append(" held.\n");
        if (b != null) for (String c : b.modelChanges()) sb.append("> - ").append(md(c)).append(" since the baseline\n");
        for (GateResult g : d.regressionChecks()) {
            if (g.status() == GateResult.Status.FAIL) {
                sb.append("> - `").append(code(g.variant())).append("` ").append(md(g.detail())).append('\n');
            }
        }
        sb.append('\n');
    }

    /** Text inside a code span: only a backtick could end it early. */
    static String code(String text) {
        return text == null ? "" : text.replace("`", "'").replace("|", "\\|");
    }

    /** Markdown-escape text from specs and models (table pipes, emphasis, HTML). */
    static String md(String text) {
        if (text == null) return "";
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
                .replace("`", "'").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }
}
