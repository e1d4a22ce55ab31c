package dev.parity.harness.decide;

import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.SliceResult;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.Gates;
import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.Wilson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gates of one variant that ran. With {@code gates.confidence} set, agreement and precision/recall are held to
 * the limit by their Wilson lower bound at that confidence, so a pass means "at least this good, with confidence",
 * not "this good on this sample".
 */
final class VariantGates {
    private VariantGates() {
    }

    static List<GateResult> of(EvaluationResult r, String name, Comparison c, BenchFigures bench, Gates g) {
        List<GateResult> gates = new ArrayList<>();
        Double confidence = g.confidence();
        double z = confidence == null ? 0 : Wilson.z(confidence);
        String bound = confidence == null ? "" : " (Wilson " + Format.pct(confidence) + " lower bound)";
        ConfusionMatrix vsRef = c.atReference().vsReference();
        gates.add(GateResult.atLeast(name, GateName.MIN_AGREEMENT,
                lowerBound(vsRef.truePositivesAndNegatives(), vsRef.total(), z, c.atReference().agreement()),
                g.minAgreement(), "verdict agreement with the reference at its threshold" + bound));
        gates.add(GateResult.atLeast(name, GateName.MIN_AGREEMENT_RECALIBRATED,
                lowerBound(c.recalibration().agreeingAfter(), c.recalibration().samples(), z,
                        c.recalibration().agreementAfter()),
                g.minAgreementRecalibrated(), "agreement at the recalibrated threshold" + bound));
        gates.add(GateResult.atMost(name, GateName.MAX_NAN_INF, c.drift().nonFiniteCount(), g.maxNanInf(),
                "NaN/Inf scores"));
        if (g.maxAbsDiff() != null) {
            gates.add(GateResult.atMost(name, GateName.MAX_ABS_DIFF, c.drift().maxAbsolute(), g.maxAbsDiff(),
                    "largest |score difference|"));
        }
        ConfusionMatrix refTruth = r.operatingPoint().matrix();
        if (r.labels() == null || refTruth == null) {
            gates.add(GateResult.skipped(name, GateName.MAX_PRECISION_DROP, g.maxPrecisionDrop(),
                    "no labels: precision against ground truth cannot be measured"));
            gates.add(GateResult.skipped(name, GateName.MAX_RECALL_DROP, g.maxRecallDrop(),
                    "no labels: recall against ground truth cannot be measured"));
        } else {
            ConfusionMatrix after = c.afterVsTruth();
            double precision = lowerBound(after.tp(), after.tp() + after.fp(), z, after.precision());
            double recall = lowerBound(after.tp(), after.tp() + after.fn(), z, after.recall());
            gates.add(GateResult.atMost(name, GateName.MAX_PRECISION_DROP, nanToZero(refTruth.precision() - precision),
                    g.maxPrecisionDrop(), "precision drop against the labels at the shipped threshold" + bound));
            gates.add(GateResult.atMost(name, GateName.MAX_RECALL_DROP, nanToZero(refTruth.recall() - recall),
                    g.maxRecallDrop(), "recall drop against the labels at the shipped threshold" + bound));
        }
        if (g.minSliceAgreement() != null) gates.add(sliceGate(r, name, g, z, bound));
        int batch = r.spec().batchSize();
        Optional<BenchFigures.Figures> f = bench.at(name, batch);
        String noBench = "no benchmark at batch " + batch + " (run parity bench or eval --bench)";
        if (g.minThroughput() != null) {
            gates.add(f.isPresent() ? GateResult.atLeast(name, GateName.MIN_THROUGHPUT, f.get().samplesPerSecond(),
                    g.minThroughput(), "samples/s at batch " + batch)
                    : GateResult.skipped(name, GateName.MIN_THROUGHPUT, g.minThroughput(), noBench));
        }
        if (g.maxP99LatencyMs() != null) {
            gates.add(f.isPresent() && f.get().p99Ms() != null ? GateResult.atMost(name, GateName.MAX_P99_LATENCY_MS,
                    f.get().p99Ms(), g.maxP99LatencyMs(), "p99 latency (ms) of a batch of " + batch)
                    : GateResult.skipped(name, GateName.MAX_P99_LATENCY_MS, g.maxP99LatencyMs(), noBench));
        }
        return gates;
    }

    /** The worst slice of at least min_slice_size samples holds the agreement limit, or the gate fails naming it. */
    private static GateResult sliceGate(EvaluationResult r, String name, Gates g, double z, String bound) {
        if (r.spec().dataset().slices().isEmpty()) {
            return GateResult.skipped(name, GateName.MIN_SLICE_AGREEMENT, g.minSliceAgreement(),
                    "no dataset.slices: nothing to slice by");
        }
        SliceResult worst = null;
        double worstValue = Double.POSITIVE_INFINITY;
        for (SliceResult s : r.slices()) {
            SliceResult.Figures f = s.variants().get(name);
            if (s.n() < g.minSliceSize() || f == null) continue;
            double value = lowerBound(s.n() - f.flips(), s.n(), z, f.agreement());
            if (value < worstValue) {
                worstValue = value;
                worst = s;
            }
        }
        if (worst == null) {
            return GateResult.skipped(name, GateName.MIN_SLICE_AGREEMENT, g.minSliceAgreement(),
                    "no slice has " + g.minSliceSize() + " samples or more (gates.min_slice_size)");
        }
        return GateResult.atLeast(name, GateName.MIN_SLICE_AGREEMENT, worstValue, g.minSliceAgreement(),
                "agreement on the worst slice, " + worst.label() + " (n=" + worst.n() + ")" + bound + ",");
    }

    /** The point estimate, or with z > 0 the Wilson lower bound of successes out of n. */
    private static double lowerBound(long successes, long n, double z, double point) {
        return z == 0 ? point : Wilson.interval(successes, n, z).low();
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
