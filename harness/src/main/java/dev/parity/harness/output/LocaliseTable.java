package dev.parity.harness.output;

import dev.parity.harness.results.Format;
import dev.parity.harness.results.LocaliseReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** parity localise's findings as the terminal, report.md and report.html show them. */
public final class LocaliseTable {
    private LocaliseTable() {
    }

    /** A tensor's SQNR as text: "inf" when identical, "NaN/Inf" when the variant overflowed there. */
    public static String db(Double v, String state) {
        // summary files keep undefined figures as null, which reads back as NaN
        if (v != null && Double.isFinite(v)) return String.format(Locale.ROOT, "%.1f", v);
        return switch (state) {
            case "identical" -> "inf";
            case "non-finite" -> "NaN/Inf";
            case "unmatched" -> "-";
            default -> "n/a"; // no sample in the group (e.g. no flipped sample)
        };
    }

    /** A figure as text, "-" when absent (null here, NaN once read back from a file). */
    public static String num(Double v) {
        return v == null || Double.isNaN(v) ? "-" : Format.num(v);
    }

    public static String summary(LocaliseReport l) {
        // a multi-class run has no threshold (NaN): its flips are samples that changed class
        String flips = Double.isNaN(l.threshold()) ? "changed class, the rest with their two top classes closest"
                : "flipped at the reference threshold " + Format.threshold(l.threshold()) + ", the rest nearest it";
        return String.format(Locale.ROOT, "%s against its source %s on %d probe sample(s) (%d %s); %d of %d tensors "
                + "matched%s.", l.variant(), l.source(), l.probeSamples(), l.probeFlips(), flips, l.matched(), l.compared(),
                (l.matchedByPosition() > 0 ? " (" + l.matchedByPosition() + " of them by graph position: the variant "
                        + "renamed them)" : "")
                        + (l.matched() < l.compared() ? "; the others were folded or renamed by the conversion" : ""));
    }

    /** The tensors where most drift enters (largest SQNR drop, overflows first). */
    public static List<LocaliseReport.Tensor> worst(LocaliseReport l, int n) {
        List<LocaliseReport.Tensor> rows = new ArrayList<>(l.tensors().stream()
                .filter(t -> !t.state().equals("unmatched")).toList());
        rows.sort(Comparator.comparingDouble((LocaliseReport.Tensor t) -> t.dropDb() == null
                ? (t.state().equals("non-finite") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                : t.dropDb()).reversed());
        return rows.subList(0, Math.min(n, rows.size()));
    }

    /** The SQNR chart as PNG bytes, or null when there is nothing to draw. */
    public static byte[] chartPng(LocaliseReport l) {
        Plots.Figure f = Plots.safely("the localisation chart", () -> Plots.localise(l));
        return f.png() == null ? null : java.util.Base64.getDecoder().decode(f.png());
    }

    /** Every tensor in graph order, for the terminal. */
    public static String render(LocaliseReport l) {
        TerminalTable t = new TerminalTable("#", "node", "op", "SQNR dB", "flipped", "rest", "drop dB", "cosine",
                "max|diff|");
        for (LocaliseReport.Tensor r : l.tensors()) {
            if (r.state().equals("unmatched")) continue;
            t.row(Integer.toString(r.index()), r.node(), r.opType(), db(r.sqnrDb(), r.state()),
                    db(r.sqnrFlippedDb(), r.state()), db(r.sqnrRestDb(), r.state()),
                    r.dropDb() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.dropDb()),
                    r.cosine() == null ? "-" : String.format(Locale.ROOT, "%.6f", r.cosine()),
                    r.maxAbsDiff() == null ? "inf" : Format.num(r.maxAbsDiff()));
        }
        StringBuilder sb = new StringBuilder(summary(l)).append("\n\n").append(t.render());
        if (!l.attribution().isEmpty()) {
            TerminalTable a = new TerminalTable("keep in FP32", "op", "drop dB", "flips fixed", "made",
                    "probe agreement", "gain");
            for (LocaliseReport.Attribution r : l.attribution()) {
                a.row(r.node(), r.opType(), r.dropDb() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.dropDb()),
                        Long.toString(r.fixed()), Long.toString(r.made()), Format.pct(r.agreementAfter()),
                        Format.pct(r.gain()));
            }
            sb.append("\nAttribution: each node (and each Conv with the Add it joins) alone in FP32, verdicts on the probe samples, ranked by gain\n")
                    .append(a.render());
        }
        return sb.toString();
    }
}
