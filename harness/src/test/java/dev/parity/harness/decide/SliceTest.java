package dev.parity.harness.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ConstructedRun;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.SliceResult;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.metrics.Wilson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-slice figures on a run built by hand: 100 samples in slices a (60) and b (40); the variant flips 3 samples
 * of b and none of a; so b's agreement is 37/40 and the slice gate fails on b, naming it, while a slice below
 * min_slice_size is never gated.
 */
class SliceTest {
    @TempDir
    Path dir;

    static final int N = 100;

    /** Reference scores: sample i scores i / 100; labels: i >= 50. Variant: the reference, with 3 of b moved. */
    static EvaluationResult run(Path dir, String gates) throws IOException {
        float[] ref = new float[N], var = new float[N];
        boolean[] labels = new boolean[N];
        int[] codes = new int[N];
        for (int i = 0; i < N; i++) {
            ref[i] = i / 100f;
            var[i] = ref[i];
            labels[i] = i >= 50;
            codes[i] = i < 60 ? 0 : 1;
        }
        // target precision 0.9 on scores i/100 with labels i >= 50: threshold between 0.49 and 0.50
        var[61] = 0.1f; // b, positive -> negative
        var[70] = 0.2f; // b, positive -> negative
        var[99] = 0.3f; // b, positive -> negative
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("var", var);
        SampleInfo info = new SampleInfo(labels, null, List.of(new SampleInfo.SliceColumn("part", List.of("a", "b"),
                codes)));
        return ConstructedRun.of(dir, scores, info, gates);
    }

    @Test
    void figuresPerSliceAreCountedByHand() throws IOException {
        EvaluationResult r = run(dir, "");
        assertEquals(2, r.slices().size());
        SliceResult a = r.slices().get(0), b = r.slices().get(1);
        assertEquals("part=a", a.label());
        assertEquals(60, a.n());
        assertEquals(10, a.positives()); // 50..59
        assertEquals(40, b.n());
        assertEquals(40, b.positives());
        assertEquals(0, a.variants().get("var").flips());
        assertEquals(3, b.variants().get("var").flips());
        assertEquals(37 / 40.0, b.variants().get("var").agreement(), 1e-12);
        Wilson w = Wilson.interval95(37, 40);
        assertEquals(w.low(), b.variants().get("var").agreementLow(), 1e-12);
        // precision/recall at the reference threshold: in b every sample is positive; the variant finds 37
        assertEquals(1.0, b.variants().get("var").precision(), 1e-12);
        assertEquals(37 / 40.0, b.variants().get("var").recall(), 1e-12);
        assertEquals(1.0, b.variants().get("ref").recall(), 1e-12);
        // in a, the reference predicts 50..59 positive (10), all correct
        assertEquals(1.0, a.variants().get("ref").precision(), 1e-12);
        assertNull(new SliceResult("c", "x", 1, null, Map.of()).positives());
    }

    static GateResult sliceGate(Decision d, String variant) {
        return d.gates().stream().filter(g -> g.gate() == GateName.MIN_SLICE_AGREEMENT && g.variant().equals(variant))
                .findFirst().orElseThrow();
    }

    @Test
    void theSliceGateFailsOnTheWorstSliceAndNamesIt() throws IOException {
        EvaluationResult r = run(dir, "gates: {min_slice_agreement: 0.95, min_agreement: 0.9, "
                + "min_agreement_recalibrated: 0.9}");
        Decision d = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null);
        GateResult g = sliceGate(d, "var");
        assertEquals(GateResult.Status.FAIL, g.status());
        assertEquals(0.925, g.measured(), 1e-12);
        assertTrue(g.detail().contains("part=b (n=40)"), g.detail());
        assertEquals(GateResult.Status.PASS, sliceGate(d, "ref").status());
    }

    @Test
    void slicesBelowTheMinimumSizeAreReportedNotGated() throws IOException {
        EvaluationResult r = run(dir, "gates: {min_slice_agreement: 0.95, min_slice_size: 50, min_agreement: 0.9, "
                + "min_agreement_recalibrated: 0.9}");
        Decision d = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null);
        // b (40 samples) is below 50: only a counts, where nothing flipped
        assertEquals(GateResult.Status.PASS, sliceGate(d, "var").status());
        assertEquals(1.0, sliceGate(d, "var").measured(), 1e-12);
        EvaluationResult big = run(dir, "gates: {min_slice_agreement: 0.95, min_slice_size: 61}");
        GateResult none = sliceGate(DecisionMaker.decide(big, BenchFigures.none(), List.of(), null), "var");
        assertEquals(GateResult.Status.SKIPPED, none.status());
        assertTrue(none.detail().contains("no slice has 61 samples or more"), none.detail());
    }
}
