package dev.parity.harness.output;

import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.RunSummary;
import java.util.Locale;
import java.util.Map;

/** report.md: the recommendation, the gate table and the drift table, for CI job summaries and pull requests. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(RunSummary s) {
        Decision d = s.decision();
        Recommendation r = d.recommendation();
        StringBuilder sb = new StringBuilder();
        sb.append("# Parity: ").append(md(s.spec().name())).append("\n\n");
        sb.append(recommendationLine(s)).append("\n\n");
        for (Map.Entry<String, String> e : r.detailedReasons().entrySet()) {
            sb.append("- `").append(code(e.getKey())).append("` ").append(md(e.getValue())).append('\n');
        }
        sb.append("\n").append(gateSummary(d)).append("\n\n");
        for (String w : d.warnings()) sb.append("> **Warning:** ").append(md(w)).append("\n\n");

        sb.append("## Gates\n\n| variant | gate | status | measured | limit | detail |\n|---|---|---|---|---|---|\n");
        for (GateResult g : d.gates()) {
            sb.append(String.format(Locale.ROOT, "| `%s` | `%s` | %s | %s | %s | %s |%n", code(g.variant()), g.gate(),
                    badge(g.status()), g.measured() == null ? "-" : Format.num(g.measured()),
                    g.limit() == null ? "-" : Format.num(g.limit()), md(g.detail())));
        }
        sb.append("\n## Variants\n\n| variant | status | max \\|diff\\| | agreement @ref (95% CI) | flips | "
                + "recalibrated threshold | agreement after |\n|---|---|---|---|---|---|---|\n");
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.scoreDrift() == null) {
                sb.append(String.format("| `%s` | %s: %s | | | | | |%n", code(v.name()), v.status(), md(v.reason())));
                continue;
            }
            var st = d.statistics().get(v.name());
            sb.append(String.format(Locale.ROOT, "| `%s`%s | ok | %s | %s (%s–%s) | %d | %s | %s |%n", code(v.name()),
                    v.reference() ? " (reference)" : "", Format.num(v.scoreDrift().maxAbsolute()),
                    Format.pct(v.atReferenceThreshold().agreement()), Format.pct(st.agreementLow()),
                    Format.pct(st.agreementHigh()), v.atReferenceThreshold().flips(),
                    v.recalibration().changed() ? Format.num(v.recalibration().threshold()) : "unchanged",
                    Format.pct(v.recalibration().agreementAfter())));
        }
        sb.append("\n<sub>").append(md(r.rule())).append(" Reference threshold ")
                .append(Format.num(s.reference().threshold())).append(" (").append(md(s.reference().thresholdSource()))
                .append("). Parity ").append(md(s.toolVersion())).append(".</sub>\n");
        return sb.toString();
    }

    static String recommendationLine(RunSummary s) {
        Recommendation r = s.decision().recommendation();
        String figure = r.figure() == null ? "" : String.format(Locale.ROOT, ", %s %s (%s)",
                r.objective().contains("throughput") ? Format.num(r.figure()) : Format.num(r.figure()),
                r.objective().contains("throughput") ? "samples/s" : "ms p99", r.figureSource());
        return (r.noneQualified() ? "**No candidate other than the reference passes every gate: ship the reference `"
                : "**Ship `") + code(r.variant()) + "` at threshold " + Format.num(r.threshold())
                + (r.thresholdRecalibrated() ? " (recalibrated)" : "") + "**" + figure + ".";
    }

    static String gateSummary(Decision d) {
        long pass = d.gates().stream().filter(g -> g.status() == GateResult.Status.PASS).count();
        long fail = d.gates().stream().filter(g -> g.status() == GateResult.Status.FAIL).count();
        long skip = d.gates().stream().filter(g -> g.status() == GateResult.Status.SKIPPED).count();
        return String.format(Locale.ROOT, "Gates: %d passed, %d failed, %d skipped.", pass, fail, skip);
    }

    private static String badge(GateResult.Status s) {
        return switch (s) {
            case PASS -> "pass";
            case FAIL -> "**FAIL**";
            case SKIPPED -> "skipped";
        };
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
