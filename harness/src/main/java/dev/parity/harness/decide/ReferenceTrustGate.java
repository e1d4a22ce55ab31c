package dev.parity.harness.decide;

import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.ReferenceCheck;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.results.ReferenceFault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference's own gate: it must agree with its FP32 export. When it does not, the run's answer is that nothing
 * ships, with the evidence, since every variant was measured against numbers that cannot be believed.
 */
final class ReferenceTrustGate {
    private ReferenceTrustGate() {
    }

    /**
     * The reference's gates: its scores are finite, and, when the spec has an FP32 export of it, the two agree.
     */
    static List<GateResult> of(EvaluationResult r) {
        List<GateResult> gates = new ArrayList<>();
        ReferenceFault f = r.referenceFault();
        if (f != null) {
            gates.add(GateResult.atMost(r.spec().reference(), GateName.REFERENCE_FINITE, f.nonFinite(), 0,
                    "NaN/Inf reference scores (samples " + f.examples() + (f.nonFinite() > f.examples().size()
                            ? ", ..." : "") + "; their inputs " + (f.inputsFinite() ? "finite" : "not finite") + ")"));
        }
        GateResult cross = crossCheck(r);
        if (cross != null) gates.add(cross);
        return gates;
    }

    private static GateResult crossCheck(EvaluationResult r) {
        ReferenceCheck c = r.referenceCheck();
        if (c == null) return null;
        return GateResult.atMost(r.spec().reference(), GateName.REFERENCE_CROSS_CHECK, c.maxAbsDiff(), c.tolerance(),
                "largest |score difference| to its FP32 export '" + c.twin() + "' (two FP32 implementations of one "
                        + "network agree to float32 rounding)");
    }

    static Recommendation nothingShips(EvaluationResult r) {
        String ref = r.spec().reference();
        Map<String, String> reasons = new LinkedHashMap<>();
        ReferenceFault f = r.referenceFault();
        String why;
        if (f != null) {
            why = "Nothing ships: the reference '" + ref + "' gave " + f.nonFinite() + " NaN/Inf score(s) (samples "
                    + f.examples() + (f.nonFinite() > f.examples().size() ? ", ..." : "") + "), whose inputs were "
                    + (f.inputsFinite() ? "finite: its runtime computed them; 'parity doctor' checks the runtimes "
                    + "on this host" : "not finite: the data holds NaN/Inf there") + ". The other figures use the "
                    + "finite samples only and cannot be believed.";
            for (VariantScores v : r.variants()) {
                reasons.put(v.name(), v.name().equals(ref) ? "gave NaN/Inf scores"
                        : "not judged: compared with a reference that is not trusted");
            }
            return Recommendation.nothing(r.spec().objective().label(), why, reasons);
        }
        ReferenceCheck c = r.referenceCheck();
        why = "Nothing ships: the reference '" + ref + "' is not trusted on this host. It and its FP32 export '"
                + c.twin() + "' differ by up to " + Format.num(c.maxAbsDiff()) + " (p99 " + Format.num(c.p99AbsDiff())
                + ") over " + c.compared() + " samples, where two FP32 implementations of one network agree to "
                + "float32 rounding (allowed " + Format.num(c.tolerance()) + "), so one of the two computes this "
                + "network wrong here. " + selfCheckNote(r, ref, c.twin()) + " Every other figure of this run compares with "
                + "that reference and cannot be believed.";
        for (VariantScores v : r.variants()) {
            reasons.put(v.name(), v.name().equals(ref) ? "disagrees with its FP32 export '" + c.twin() + "'"
                    : "not judged: compared with a reference that is not trusted");
        }
        return Recommendation.nothing(r.spec().objective().label(), why, reasons);
    }

    private static String selfCheckNote(EvaluationResult r, String ref, String twin) {
        String refHost = r.scored().variant(ref).host(), twinHost = r.scored().variant(twin).host();
        if (refHost == null && twinHost == null) {
            return "Both ran inside this process, without Parity's runtime self-check; 'parity doctor' checks the "
                    + "runtimes on this host.";
        }
        return "Both runtimes passed Parity's self-check here (" + ref + ": " + refHost + "; " + twin + ": " + twinHost
                + "), so the fault is in a layer the self-check's probes do not cover, or in the export itself: "
                + "compare the two outside Parity, or run 'parity localise'.";
    }
}
