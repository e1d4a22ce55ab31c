package dev.parity.harness.decide;

import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.ReferenceCheck;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.EvaluationResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference's own gate: it must agree with its FP32 export. When it does not, the run's answer is that nothing
 * ships, with the evidence, since every variant was measured against numbers that cannot be believed.
 */
final class ReferenceTrustGate {
    private ReferenceTrustGate() {
    }

    /** The gate, or null when the spec has no FP32 export of the reference to check it against. */
    static GateResult of(EvaluationResult r) {
        ReferenceCheck c = r.referenceCheck();
        if (c == null) return null;
        return GateResult.atMost(r.spec().reference(), GateName.REFERENCE_CROSS_CHECK, c.maxAbsDiff(), c.tolerance(),
                "largest |score difference| to its FP32 export '" + c.twin() + "' (two FP32 implementations of one "
                        + "network agree to float32 rounding)");
    }

    static Recommendation nothingShips(EvaluationResult r) {
        ReferenceCheck c = r.referenceCheck();
        String ref = r.spec().reference();
        String why = "Nothing ships: the reference '" + ref + "' is not trusted on this host. It and its FP32 export '"
                + c.twin() + "' differ by up to " + Format.num(c.maxAbsDiff()) + " (p99 " + Format.num(c.p99AbsDiff())
                + ") over " + c.compared() + " samples, where two FP32 implementations of one network agree to "
                + "float32 rounding (allowed " + Format.num(c.tolerance()) + "), so one of the two computes this "
                + "network wrong here. " + selfCheckNote(r, ref, c.twin()) + " Every figure below compares with "
                + "that reference and cannot be believed.";
        Map<String, String> reasons = new LinkedHashMap<>();
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
