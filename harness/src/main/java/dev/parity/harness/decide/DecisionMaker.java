package dev.parity.harness.decide;

import dev.parity.harness.results.BaselineRun;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Outcome;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatistics;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.SpeedSource;
import dev.parity.harness.spec.Gates;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.McNemar;
import dev.parity.metrics.Wilson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds every variant to the spec's gates, adds confidence figures and small-sample warnings, and picks the variant
 * that ships (see {@link Recommender}).
 */
public final class DecisionMaker {
    private DecisionMaker() {
    }

    /** Decides with the given bench figures and no speed probe (the recommendation then rests on bench or drift). */
    public static Decision decide(EvaluationResult r, BenchFigures bench, List<GateResult> baselineGates,
                                  String baseline) {
        return decide(r, bench, baselineGates, baseline == null ? null : new BaselineRun(baseline, null, null),
                SpeedSource.NONE);
    }

    /**
     * @param baselineGates regressions against a baseline run (from {@link BaselineCheck}), possibly empty
     * @param baseline      the baseline run, or null
     * @param probe         measures the candidates' speed when no benchmark ran
     */
    public static Decision decide(EvaluationResult r, BenchFigures bench, List<GateResult> baselineGates,
                                  BaselineRun baseline, SpeedSource probe) {
        Gates g = r.spec().gates();
        List<GateResult> gates = new ArrayList<>();
        Map<String, VariantStatistics> stats = new LinkedHashMap<>();
        List<String> required = r.spec().variants().stream().filter(ResolvedSpec.Variant::required)
                .map(ResolvedSpec.Variant::name).toList();
        List<String> missing = new ArrayList<>();
        for (VariantScores v : r.variants()) {
            String name = v.name();
            if (v.status() != VariantStatus.OK && required.contains(name)) missing.add(name);
            if (v.status() == VariantStatus.FAILED) {
                // a variant that crashes mid-run is a regression, not an absence
                gates.add(new GateResult(name, GateName.COMPLETED, GateResult.Status.FAIL, null, null,
                        "the variant failed while running: " + v.reason()));
                continue;
            }
            if (v.status() == VariantStatus.UNAVAILABLE && required.contains(name)) {
                gates.add(new GateResult(name, GateName.COMPLETED, GateResult.Status.FAIL, null, null,
                        "required, but could not be evaluated: " + v.reason()));
                continue;
            }
            Comparison c = r.comparisons().get(name);
            if (c == null) continue; // unavailable here: reported, not gated
            if (r.multiHead()) {
                gates.addAll(HeadGates.of(r, name, bench, g));
                stats.put(name, worstHead(r, name));
                continue;
            }
            gates.addAll(VariantGates.of(r, name, c, bench, g));
            stats.put(name, r.multiClass() ? classStatistics(c, r) : statistics(c, r.labels(), r.referenceVerdicts()));
        }
        List<GateResult> referenceGates = ReferenceTrustGate.of(r);
        gates.addAll(0, referenceGates);
        gates.addAll(baselineGates);
        boolean untrusted = referenceGates.stream().anyMatch(x -> x.status() == GateResult.Status.FAIL);
        // a reference that disagrees with its own FP32 export makes every comparison meaningless: nothing ships
        Recommendation rec = untrusted ? ReferenceTrustGate.nothingShips(r)
                : Recommender.recommend(r, gates, bench, probe);
        List<String> informational = r.spec().variants().stream().filter(ResolvedSpec.Variant::informational)
                .map(ResolvedSpec.Variant::name).toList();
        List<GateResult> counted = gates.stream().filter(x -> !informational.contains(x.variant())).toList();
        return new Decision(gates, stats, SampleSizeWarnings.of(r), rec,
                baseline == null ? null : baseline.file(), untrusted ? Outcome.REFERENCE_UNTRUSTED
                : outcome(counted, rec, !missing.isEmpty()), baseline, informational);
    }

    /** The worst first: a figure that fell, then a check the run was asked for and did not make. */
    private static Outcome outcome(List<GateResult> gates, Recommendation rec, boolean requiredMissing) {
        boolean regressed = gates.stream().anyMatch(x -> x.gate() == GateName.NO_REGRESSION
                && x.status() == GateResult.Status.FAIL);
        if (regressed) return Outcome.REGRESSED;
        if (requiredMissing) return Outcome.INCOMPLETE;
        if (rec.noneQualified()) return Outcome.NOTHING_QUALIFIES;
        return gates.stream().anyMatch(x -> x.status() == GateResult.Status.FAIL) ? Outcome.CANDIDATES_FAILED
                : Outcome.PASSED;
    }

    /**
     * A multi-head variant's: the figures of its worst head (lowest agreement); every head's are in its head's own
     * statistics ({@link #headStatistics}).
     */
    private static VariantStatistics worstHead(EvaluationResult r, String name) {
        EvaluationResult.Head worst = null;
        for (EvaluationResult.Head h : r.heads()) {
            if (worst == null || h.result().comparisons().get(name).agreement()
                    < worst.result().comparisons().get(name).agreement()) {
                worst = h;
            }
        }
        return headStatistics(worst.result(), name);
    }

    /** One head's statistics of one variant, as a binary run's. */
    public static VariantStatistics headStatistics(EvaluationResult head, String name) {
        return statistics(head.comparisons().get(name), head.labels(), head.referenceVerdicts());
    }

    /**
     * A multi-class variant's: top-1 agreement's interval, and McNemar's test on whether reference and variant name
     * the labelled class (precision and recall, a binary verdict's, are left out).
     */
    private static VariantStatistics classStatistics(Comparison c, EvaluationResult r) {
        var vs = c.classes().vsReference();
        Wilson agreement = Wilson.interval95(vs.agreeing(), vs.samples());
        int[] labels = r.info().classLabels();
        if (labels == null) {
            return new VariantStatistics(agreement.low(), agreement.high(), null, null, null, null, null, null, null);
        }
        int[] ref = r.classReference().top1(), var = c.classes().top1();
        long refOnly = 0, varOnly = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean refRight = ref[i] == labels[i], varRight = var[i] == labels[i];
            if (refRight && !varRight) refOnly++;
            if (varRight && !refRight) varOnly++;
        }
        return new VariantStatistics(agreement.low(), agreement.high(), null, null, null, null, refOnly, varOnly,
                McNemar.exactPValue(refOnly, varOnly));
    }

    private static VariantStatistics statistics(Comparison c, boolean[] labels, boolean[] rv) {
        ConfusionMatrix vsRef = c.atReference().vsReference();
        Wilson agreement = Wilson.interval95(vsRef.truePositivesAndNegatives(), vsRef.total());
        if (labels == null) {
            return new VariantStatistics(agreement.low(), agreement.high(), null, null, null, null, null, null, null);
        }
        ConfusionMatrix m = c.afterVsTruth();
        Wilson precision = Wilson.interval95(m.tp(), m.tp() + m.fp());
        Wilson recall = Wilson.interval95(m.tp(), m.tp() + m.fn());
        boolean[] vv = c.verdicts();
        long refOnly = 0, varOnly = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean refRight = rv[i] == labels[i];
            boolean varRight = vv[i] == labels[i];
            if (refRight && !varRight) refOnly++;
            if (varRight && !refRight) varOnly++;
        }
        return new VariantStatistics(agreement.low(), agreement.high(), precision.low(), precision.high(),
                recall.low(), recall.high(), refOnly, varOnly, McNemar.exactPValue(refOnly, varOnly));
    }
}
