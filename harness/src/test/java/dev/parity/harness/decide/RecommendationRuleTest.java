package dev.parity.harness.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ConstructedRun;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Outcome;
import dev.parity.harness.results.Speed;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.SpeedSource;
import dev.parity.metrics.VerdictComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommendation rule on constructed scores and constructed speed figures, never on a timing: ties within noise
 * go to the candidate closest to the reference; a faster-but-noisier figure does not win; a clearly faster one does.
 * And the thresholds: between samples, so a variant drifting less than the gaps flips nothing.
 */
class RecommendationRuleTest {
    static final int N = 400;
    static final String LOOSE = "gates: {min_agreement: 0.9, min_agreement_recalibrated: 0.9, max_precision_drop: 0.5, "
            + "max_recall_drop: 0.5}";

    @TempDir
    Path dir;

    /** Positives score 1.00 .. 1.49, negatives -1.00 .. -1.49 in steps of 0.01: a gap of 2 around the threshold. */
    static float[] reference(boolean[] labels) {
        float[] s = new float[labels.length];
        for (int i = 0; i < s.length; i++) s[i] = labels[i] ? 1 + 0.01f * (i % 50) : -1 - 0.01f * (i % 50);
        return s;
    }

    static float[] noisy(float[] ref, double amplitude, long seed) {
        Random rnd = new Random(seed);
        float[] out = new float[ref.length];
        for (int i = 0; i < ref.length; i++) out[i] = (float) (ref[i] + amplitude * (2 * rnd.nextDouble() - 1));
        return out;
    }

    private EvaluationResult run(String extra) throws IOException {
        boolean[] y = ConstructedRun.labels(N, 4);
        float[] ref = reference(y);
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("close", noisy(ref, 1e-4, 1));
        scores.put("drifty", noisy(ref, 0.3, 2));
        scores.put("twin", noisy(ref, 1e-4, 1)); // computes exactly what close computes
        return ConstructedRun.of(dir, scores, y, extra);
    }

    private static SpeedSource figures(Map<String, Speed> speed) {
        return (candidates, latency) -> {
            Map<String, Speed> out = new LinkedHashMap<>(speed);
            out.keySet().retainAll(candidates);
            return out;
        };
    }

    private static Decision decide(EvaluationResult r, Map<String, Speed> speed) {
        return DecisionMaker.decide(r, BenchFigures.none(), List.of(), null, figures(speed));
    }

    @Test
    void aFasterButNoisierFigureDoesNotWin() throws IOException {
        EvaluationResult r = run(LOOSE);
        Decision d = decide(r, Map.of("ref", new Speed(100, 95, 105, 5), "close", new Speed(1000, 995, 1005, 5),
                "drifty", new Speed(1300, 500, 2100, 5), "twin", new Speed(990, 985, 995, 5)));
        assertEquals("close", d.recommendation().variant(), d.recommendation().detailedReasons().toString());
        assertTrue(d.recommendation().reasons().get("drifty").contains("as fast as close within noise"),
                d.recommendation().reasons().get("drifty"));
        assertEquals("speed probe", d.recommendation().figureSource());
    }

    @Test
    void aClearlyFasterVariantWinsEvenWithMoreDrift() throws IOException {
        EvaluationResult r = run(LOOSE);
        Decision d = decide(r, Map.of("ref", new Speed(100, 95, 105, 5), "close", new Speed(1000, 990, 1010, 5),
                "drifty", new Speed(2000, 1950, 2050, 5), "twin", new Speed(1000, 990, 1010, 5)));
        assertEquals("drifty", d.recommendation().variant());
        assertTrue(d.recommendation().detailedReasons().get("close").contains("slower: 1000 [990–1010]"),
                d.recommendation().detailedReasons().get("close"));
    }

    @Test
    void twoModelsOfTheSameFunctionAreTiedAndTheTieIsBrokenByDrift() throws IOException {
        EvaluationResult r = run(LOOSE);
        // twin happens to be timed 25% faster, inside the noise of close's figure: a tie, not a win
        Decision d = decide(r, Map.of("ref", new Speed(100, 95, 105, 5), "close", new Speed(1000, 800, 1200, 5),
                "twin", new Speed(1250, 1100, 1400, 5), "drifty", new Speed(1200, 1150, 1300, 5)));
        assertEquals(0, Double.compare(r.comparisons().get("close").drift().p99Absolute(),
                r.comparisons().get("twin").drift().p99Absolute()), "the same function");
        assertEquals("close", d.recommendation().variant(), "equal drift: spec order breaks the tie");
        assertTrue(d.recommendation().reasons().get("twin").contains("as fast as close within noise"));
        assertTrue(d.recommendation().reasons().get("drifty").contains("closer to the reference"),
                "drifty is tied too, and drifts more: " + d.recommendation().reasons().get("drifty"));
    }

    /** --speed-probe-ms 0 skips the probe; it does not make the reference, trivially closest to itself, ship. */
    @Test
    void withoutSpeedFiguresTheCandidateClosestToTheReferenceShips() throws IOException {
        Decision d = decide(run(LOOSE), Map.of());
        assertEquals("close", d.recommendation().variant(), "closest other candidate; twin is as close, later");
        assertEquals("none", d.recommendation().figureSource());
        assertTrue(d.recommendation().reasons().get("twin").contains("closest to the reference"));
        assertTrue(d.recommendation().reasons().get("ref").startsWith("the reference;"),
                d.recommendation().reasons().get("ref"));
        assertTrue(!d.recommendation().noneQualified());
    }

    @Test
    void withoutSpeedFiguresTheReferenceShipsOnlyWhenNoOtherCandidatePasses() throws IOException {
        Decision d = decide(run("gates: {min_agreement: 1.0, min_agreement_recalibrated: 1.0, max_abs_diff: 1e-9}"),
                Map.of());
        assertEquals("ref", d.recommendation().variant(), d.recommendation().reasons().toString());
        assertTrue(d.recommendation().noneQualified());
    }

    @Test
    void theLatencyObjectiveShipsTheLowestP99() throws IOException {
        EvaluationResult r = run(LOOSE + "\nobjective: p99_latency");
        Decision d = decide(r, Map.of("ref", new Speed(9, 8.5, 9.5, 5), "close", new Speed(2, 1.9, 2.1, 5),
                "drifty", new Speed(1, 0.95, 1.05, 5), "twin", new Speed(2, 1.9, 2.1, 5)));
        assertEquals("drifty", d.recommendation().variant());
    }

    /** A variant drifting by 1e-4 around a threshold with gaps of 1e-2 flips nothing: no sample sits on it. */
    @Test
    void aVariantDriftingLessThanTheGapsFlipsNothing() throws IOException {
        boolean[] y = new boolean[N];
        float[] ref = new float[N];
        for (int i = 0; i < N; i++) {
            ref[i] = 0.01f * i; // distinct scores 1e-2 apart
            y[i] = i >= 300 || i % 7 == 0;
        }
        float[] drifted = new float[N];
        for (int i = 0; i < N; i++) drifted[i] = ref[i] + (i % 2 == 0 ? -1e-4f : 1e-4f);
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("drifted", drifted);
        // every sample drifts by 1e-4; the lowest admitted one downwards, the way a fake flip happens
        int boundary = Math.round((float) ConstructedRun.of(dir, scores, y, "").operatingPoint().scoreAbove() / 0.01f);
        drifted[boundary] = ref[boundary] - 1e-4f;
        EvaluationResult r = ConstructedRun.of(dir, scores, y, "");
        assertEquals(ref[boundary], (float) r.operatingPoint().scoreAbove(), "the cut admits the boundary sample");
        Comparison c = r.comparisons().get("drifted");
        assertEquals(0, c.atReference().flips(), "no fake flips");
        double t = r.operatingPoint().threshold();
        assertEquals(0.005, r.operatingPoint().scoreAbove() - t, 1e-6, "midway in the 1e-2 gap");
        assertEquals(0.005, t - r.operatingPoint().scoreBelow(), 1e-6);
        // the old placement, on the lowest admitted score, flips that sample as soon as it drifts down
        assertEquals(1, VerdictComparison.at(ref, drifted, y, r.operatingPoint().scoreAbove()).flips(),
                "a threshold on a sample is a coin toss");
        assertEquals(t, c.recalibration().threshold(), "nothing to recalibrate");
    }

    @Test
    void withConfidenceTheGateHoldsTheWilsonBoundNotThePointEstimate() throws IOException {
        boolean[] y = ConstructedRun.labels(100, 4);
        float[] ref = new float[100];
        for (int i = 0; i < 100; i++) ref[i] = y[i] ? 1 + 0.01f * i : -1 - 0.01f * i;
        float[] oneFlip = ref.clone();
        oneFlip[1] = 5; // a negative that the variant calls positive
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("v", oneFlip);
        String gates = "gates: {min_agreement: 0.99, min_agreement_recalibrated: 0.9, max_precision_drop: 0.5}";
        GateResult point = gate(DecisionMaker.decide(ConstructedRun.of(dir, scores, y, gates), BenchFigures.none(),
                List.of(), null));
        assertEquals(GateResult.Status.PASS, point.status(), "0.99 agreement meets 0.99: " + point.detail());
        GateResult bound = gate(DecisionMaker.decide(ConstructedRun.of(dir, scores, y,
                gates.replace("}", ", confidence: 0.95}")), BenchFigures.none(), List.of(), null));
        assertEquals(GateResult.Status.FAIL, bound.status(), bound.detail());
        assertTrue(bound.detail().contains("Wilson 95.00% lower bound") && bound.measured() < 0.95, bound.detail());
    }

    private static GateResult gate(Decision d) {
        return d.gates().stream().filter(g -> g.variant().equals("v") && g.gate() == GateName.MIN_AGREEMENT)
                .findFirst().orElseThrow();
    }

    @Test
    void smallSamplesAreCalledOutGateByGate() throws IOException {
        boolean[] y = ConstructedRun.labels(100, 4);
        float[] ref = reference(y);
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("v", ref.clone());
        Decision d = DecisionMaker.decide(ConstructedRun.of(dir, scores, y, ""), BenchFigures.none(), List.of(), null);
        String all = String.join("\n", d.warnings());
        assertTrue(all.contains("min_agreement 99.00% with 100 samples allows 1 disagreeing verdict(s)"), all);
        assertTrue(all.contains("min_agreement_recalibrated 99.50% with 100 samples allows 0 disagreeing verdict(s)"),
                all);
        assertTrue(all.contains("max_recall_drop 0.01000 with 25 positives allows 0 missed positive(s)"), all);
        assertTrue(all.contains("Only 25 positive labels"), all);
        assertEquals(Outcome.PASSED, d.outcome());
    }
}
