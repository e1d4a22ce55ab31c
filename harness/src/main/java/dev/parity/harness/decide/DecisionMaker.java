package dev.parity.harness.decide;

import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatistics;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.Gates;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.McNemar;
import dev.parity.metrics.Wilson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Holds every variant to the spec's gates, adds confidence figures, and picks the variant that ships. */
public final class DecisionMaker {
    private DecisionMaker() {
    }

    /**
     * @param baselineGates regressions against a baseline run (from {@link BaselineCheck}), possibly empty
     * @param baseline      the baseline file, or null
     */
    public static Decision decide(EvaluationResult r, BenchFigures bench, List<GateResult> baselineGates,
                                  String baseline) {
        ResolvedSpec spec = r.spec();
        Gates g = spec.gates();
        List<GateResult> gates = new ArrayList<>();
        Map<String, VariantStatistics> stats = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        ConfusionMatrix refTruth = r.operatingPoint().matrix();
        boolean[] labels = r.labels();

        long allowedFlips = (long) Math.floor(r.samples() * (1 - g.minAgreement()));
        if (allowedFlips < 5) {
            warnings.add(String.format(Locale.ROOT, "With %d samples the agreement gate (>= %s) allows only %d "
                    + "flipped verdict(s): a handful of samples decides it; use more data for a firmer answer.",
                    r.samples(), Format.pct(g.minAgreement()), allowedFlips));
        }
        if (labels != null && refTruth != null && refTruth.tp() + refTruth.fn() < 30) {
            warnings.add("Only " + (refTruth.tp() + refTruth.fn()) + " positive labels: precision and recall "
                    + "gates rest on very few samples (see their confidence intervals).");
        }

        for (VariantScores v : r.variants()) {
            String name = v.name();
            if (v.status() == VariantStatus.FAILED) {
                // a variant that crashes mid-run is a regression, not an absence
                gates.add(new GateResult(name, GateName.COMPLETED, GateResult.Status.FAIL, null, null,
                        "the variant failed while running: " + v.reason()));
                continue;
            }
            Comparison c = r.comparisons().get(name);
            if (c == null) continue; // unavailable here: reported, not gated
            gates.add(GateResult.atLeast(name, GateName.MIN_AGREEMENT, c.atReference().agreement(), g.minAgreement(),
                    "verdict agreement with the reference at its threshold"));
            gates.add(GateResult.atLeast(name, GateName.MIN_AGREEMENT_RECALIBRATED, c.recalibration().agreementAfter(),
                    g.minAgreementRecalibrated(), "agreement at the recalibrated threshold"));
            long nonFinite = c.drift().nonFiniteCount();
            gates.add(GateResult.atMost(name, GateName.MAX_NAN_INF, nonFinite, g.maxNanInf(), "NaN/Inf scores"));
            if (g.maxAbsDiff() != null) {
                gates.add(GateResult.atMost(name, GateName.MAX_ABS_DIFF, c.drift().maxAbsolute(), g.maxAbsDiff(),
                        "largest |score difference|"));
            }
            if (labels == null || refTruth == null) {
                gates.add(GateResult.skipped(name, GateName.MAX_PRECISION_DROP, g.maxPrecisionDrop(),
                        "no labels: precision against ground truth cannot be measured"));
                gates.add(GateResult.skipped(name, GateName.MAX_RECALL_DROP, g.maxRecallDrop(),
                        "no labels: recall against ground truth cannot be measured"));
            } else {
                ConfusionMatrix after = c.afterVsTruth();
                gates.add(GateResult.atMost(name, GateName.MAX_PRECISION_DROP, nanToZero(refTruth.precision() - after.precision()),
                        g.maxPrecisionDrop(), "precision drop against the labels at the shipped threshold"));
                gates.add(GateResult.atMost(name, GateName.MAX_RECALL_DROP, nanToZero(refTruth.recall() - after.recall()),
                        g.maxRecallDrop(), "recall drop against the labels at the shipped threshold"));
            }
            Optional<BenchFigures.Figures> f = bench.at(name, spec.batchSize());
            if (g.minThroughput() != null) {
                gates.add(f.isPresent() ? GateResult.atLeast(name, GateName.MIN_THROUGHPUT, f.get().samplesPerSecond(),
                        g.minThroughput(), "samples/s at batch " + spec.batchSize())
                        : GateResult.skipped(name, GateName.MIN_THROUGHPUT, g.minThroughput(),
                        "no benchmark at batch " + spec.batchSize() + " (run parity bench or eval --bench)"));
            }
            if (g.maxP99LatencyMs() != null) {
                gates.add(f.isPresent() && f.get().p99Ms() != null ? GateResult.atMost(name, GateName.MAX_P99_LATENCY_MS,
                        f.get().p99Ms(), g.maxP99LatencyMs(), "p99 latency (ms) of a batch of " + spec.batchSize())
                        : GateResult.skipped(name, GateName.MAX_P99_LATENCY_MS, g.maxP99LatencyMs(),
                        "no benchmark at batch " + spec.batchSize() + " (run parity bench or eval --bench)"));
            }
            stats.put(name, statistics(c, labels, r.referenceVerdicts()));
        }
        gates.addAll(baselineGates);
        Recommendation rec = recommend(r, gates, bench);
        return new Decision(gates, stats, warnings, rec, baseline);
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

    private static boolean served(ResolvedSpec spec, String name) {
        return spec.variant(name).map(ResolvedSpec.Variant::remote).orElse(false);
    }

    private static Recommendation recommend(EvaluationResult r, List<GateResult> gates, BenchFigures bench) {
        ResolvedSpec spec = r.spec();
        boolean throughput = spec.objective() == ResolvedSpec.Objective.THROUGHPUT;
        String source = bench.present() ? "parity bench" : "evaluation loop";
        Map<String, Double> figure = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (VariantScores v : r.variants()) {
            String name = v.name();
            if (!v.ok()) continue;
            List<String> fails = gates.stream()
                    .filter(x -> x.variant().equals(name) && x.status() == GateResult.Status.FAIL)
                    .map(x -> x.gate() + ": " + x.detail()).toList();
            // every failed gate, not the first: an overflow that also costs agreement must show as both
            if (!fails.isEmpty()) {
                failed.put(name, fails.size() == 1 ? "the gate " + fails.get(0)
                        : fails.size() + " gates: " + String.join("; ", fails));
            }
            Optional<BenchFigures.Figures> f = bench.at(name, spec.batchSize());
            Double value;
            if (throughput) {
                value = f.map(BenchFigures.Figures::samplesPerSecond).orElse(bench.present() ? null
                        : v.samplesPerSecond());
            } else {
                value = f.map(BenchFigures.Figures::p99Ms).orElse(null);
            }
            figure.put(name, value);
        }
        String best = null;
        for (Map.Entry<String, Double> e : figure.entrySet()) {
            String name = e.getKey();
            if (failed.containsKey(name) || e.getValue() == null || served(spec, name)) continue;
            if (best == null || (throughput ? e.getValue() > figure.get(best) : e.getValue() < figure.get(best))) {
                best = name;
            }
        }
        // alarming only when there were other candidates and every one failed; a spec that checks served
        // deployments of its reference has no other candidate, and shipping the reference is simply the answer
        List<String> others = figure.keySet().stream()
                .filter(n -> !n.equals(spec.reference()) && !served(spec, n)).toList();
        boolean noneQualified = best == null || best.equals(spec.reference()) && !others.isEmpty()
                && others.stream().allMatch(failed::containsKey);
        if (best == null) best = spec.reference();
        Comparison chosen = r.comparisons().get(best);
        double threshold = chosen.recalibration().threshold();

        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> detailed = new LinkedHashMap<>();
        for (VariantScores v : r.variants()) {
            String name = v.name();
            if (name.equals(best)) continue;
            String stable;
            String timed = null;
            if (!v.ok()) {
                stable = v.status().label() + " here: " + v.reason();
            } else if (failed.containsKey(name)) {
                stable = "fails " + failed.get(name) + ".";
            } else if (served(spec, name)) {
                stable = "a served model (" + r.specOf(v).runtime() + "), checked against the reference and passing "
                        + "every gate; it is a deployment being verified, not a candidate to ship.";
            } else if (figure.get(name) == null) {
                stable = "passes every gate but has no " + (throughput ? "throughput" : "p99 latency")
                        + " figure to compare (not benchmarked at batch " + spec.batchSize() + ").";
            } else {
                double mine = figure.get(name), theirs = figure.get(best) == null ? Double.NaN : figure.get(best);
                timed = throughput
                        ? String.format(Locale.ROOT, "passes every gate but is slower: %.0f vs %.0f samples/s "
                        + "(%s of %s's throughput, %s).", mine, theirs, Format.pct(mine / theirs), best, source)
                        : String.format(Locale.ROOT, "passes every gate but its p99 latency is higher: %.3f vs %.3f ms.",
                        mine, theirs);
                stable = bench.present() ? timed : "passes every gate but is " + (throughput ? "slower" : "slower at p99")
                        + " than " + best + " in the evaluation loop (this run's figures are under run in summary.json).";
            }
            reasons.put(name, stable);
            detailed.put(name, timed != null ? timed : stable);
        }
        return new Recommendation(best, threshold, chosen.recalibration().thresholdChanged(),
                spec.objective().label(), figure.get(best), source, noneQualified, Recommendation.RULE, reasons, detailed);
    }


    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
