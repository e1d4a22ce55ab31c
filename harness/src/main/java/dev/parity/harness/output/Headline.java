package dev.parity.harness.output;

import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Outcome;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.Speed;
import dev.parity.harness.results.VariantStatus;
import java.util.List;
import java.util.Locale;

/**
 * The sentences every report opens with, the same in the terminal, report.md, report.html and junit.xml: the
 * outcome, the recommendation with its threshold as a deployment should copy it, and the gate counts.
 */
final class Headline {
    private Headline() {
    }

    /** PASSED, CANDIDATES FAILED, NOTHING QUALIFIES or REGRESSED. */
    static String outcome(Decision d) {
        return d.outcome() == null ? "" : d.outcome().name().replace('_', ' ');
    }

    /** What the outcome means, in a few words. */
    static String outcomeMeaning(Outcome o) {
        return switch (o) {
            case PASSED -> "every gate passed";
            case CANDIDATES_FAILED -> "some variants failed their gates; another ships";
            case NOTHING_QUALIFIES -> "no candidate other than the reference passes every gate";
            case REGRESSED -> "a figure fell from the baseline run";
            case REFERENCE_UNTRUSTED -> "the reference itself cannot be trusted on this host; nothing ships";
            case INCOMPLETE -> "a variant the spec requires could not be evaluated";
        };
    }

    /** "Ship X with threshold T (positive iff score >= T, ...)"; the threshold in shortest round-trip form. */
    static String recommendation(RunSummary s) {
        Recommendation r = s.decision().recommendation();
        if (r.nothingShips() != null) return r.nothingShips();
        String head = r.noneQualified()
                ? "No candidate other than the reference passes every gate: ship the reference '" + r.variant() + "'"
                : "Ship '" + r.variant() + "'";
        if (s.heads() != null) {
            List<String> per = new java.util.ArrayList<>();
            for (RunSummary.HeadInfo h : s.heads()) {
                RunSummary.VariantInfo v = h.variants().stream().filter(x -> x.name().equals(r.variant())).findFirst()
                        .orElse(null);
                if (v == null || v.recalibration() == null) continue;
                per.add(h.name() + " positive iff score >= " + Format.threshold(v.recalibration().threshold())
                        + (v.recalibration().changed() ? " (recalibrated)" : ""));
            }
            return head + " with a threshold per head: " + String.join("; ", per) + speed(r) + ".";
        }
        if (s.classes() != null) {
            return head + " (its decision is each sample's top class of " + s.classes().count() + ")" + speed(r) + ".";
        }
        return head + " with threshold " + Format.threshold(r.threshold()) + " (positive iff score >= "
                + Format.threshold(r.threshold()) + "; " + (r.thresholdRecalibrated() ? "recalibrated for this variant"
                : "the reference's threshold") + ")" + speed(r) + ".";
    }

    /** ", 6371 [6100–6500] samples/s (speed probe)" or nothing when speed did not decide. */
    static String speed(Recommendation r) {
        if (r.figure() == null) return "";
        Speed sp = r.speed() == null ? null : r.speed().get(r.variant());
        boolean latency = r.objective().contains("latency");
        String range = sp == null || sp.low() == sp.high() ? ""
                : " [" + Format.num(sp.low()) + "–" + Format.num(sp.high()) + "]";
        return ", " + Format.num(r.figure()) + range + (latency ? " ms p99 per batch" : " samples/s") + " ("
                + r.figureSource() + ")";
    }

    /**
     * "Gates: 31 passed, 4 failed, 2 skipped (1 could not be evaluated, 1 variant unavailable here). Variants not
     * evaluated: 1 of 6 (tensorrt-fp16).": skipped counts what junit.xml marks skipped, gates that could not be
     * evaluated and variants that could not run; the variants not evaluated are always counted, required or not,
     * so a run that checked less than its spec asks never reads as a clean pass.
     */
    static String gateCounts(RunSummary s) {
        List<GateResult> gates = s.decision().gates();
        long informational = s.decision().informationalFailures().size();
        long pass = count(gates, GateResult.Status.PASS), fail = count(gates, GateResult.Status.FAIL) - informational;
        long skippedGates = count(gates, GateResult.Status.SKIPPED);
        long unavailable = unavailable(s);
        long skipped = skippedGates + unavailable + informational;
        List<String> notEvaluated = s.variants().stream().filter(v -> v.status() != VariantStatus.OK)
                .map(RunSummary.VariantInfo::name).toList();
        return String.format(Locale.ROOT, "Gates: %d passed, %d failed, %d skipped", pass, fail, skipped)
                + (skipped == 0 ? "." : String.format(Locale.ROOT, " (%d could not be evaluated, %d variant(s) "
                + "unavailable here%s).", skippedGates, unavailable, informational == 0 ? ""
                : ", " + informational + " failed gate(s) of informational variants"))
                + " Variants not evaluated: " + notEvaluated.size() + " of " + s.variants().size()
                + (notEvaluated.isEmpty() ? "." : " (" + String.join(", ", notEvaluated) + ").");
    }

    static long unavailable(RunSummary s) {
        return s.variants().stream().filter(v -> v.status() == VariantStatus.UNAVAILABLE).count();
    }

    private static long count(List<GateResult> gates, GateResult.Status status) {
        return gates.stream().filter(g -> g.status() == status).count();
    }

    /** "the reference's threshold 0.757 lies 0.00031 above the next reference score below it and 0.00011 below ..." */
    static String referenceGaps(RunSummary.ReferenceInfo ref) {
        String below = Double.isNaN(ref.scoreBelow()) ? "no reference score below"
                : "nearest reference score " + Format.num(ref.threshold() - ref.scoreBelow()) + " below";
        String above = Double.isNaN(ref.scoreAbove()) ? "none above"
                : Format.num(ref.scoreAbove() - ref.threshold()) + " above";
        return below + ", " + above;
    }
}
