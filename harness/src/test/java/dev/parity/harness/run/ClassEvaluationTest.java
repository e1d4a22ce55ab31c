package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ConstructedRun;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.output.SummaryFactory;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-class run's figures on twelve samples of three classes, each worked out by hand: a variant that swaps
 * classes 0 and 1, one with a NaN in one logit of one sample, and one with a tie between two top logits. Labels hold
 * no sample of class 2, which the reference predicts once.
 */
class ClassEvaluationTest {
    static final int K = 3;
    // labels: samples 0-5 class 0, 6-11 class 1; the reference gets all right but sample 11 (it says class 2)
    static final int[] LABELS = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
    static final int[] REFERENCE = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2};
    @TempDir
    Path dir;
    RunSummary summary;
    Decision decision;

    /** Scores with {@code 2 + i / 100} at each sample's class and 0 elsewhere (distinct, so thresholds split). */
    static float[] oneHot(int[] classes) {
        float[] s = new float[classes.length * K];
        for (int i = 0; i < classes.length; i++) s[i * K + classes[i]] = 2 + i / 100f;
        return s;
    }

    @BeforeEach
    void run() throws IOException {
        int[] swapped = REFERENCE.clone();
        for (int i = 0; i < swapped.length; i++) swapped[i] = swapped[i] == 0 ? 1 : swapped[i] == 1 ? 0 : 2;
        float[] nan = oneHot(REFERENCE);
        nan[3 * K + 2] = Float.NaN;
        float[] tie = oneHot(REFERENCE);
        tie[7 * K] = tie[7 * K + 1]; // sample 7 (class 1): classes 0 and 1 equal, the lower index, class 0, wins
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", oneHot(REFERENCE));
        scores.put("swap", oneHot(swapped));
        scores.put("nan", nan);
        scores.put("tie", tie);
        var r = ConstructedRun.ofClasses(dir, scores, K, LABELS, "gates: {min_class_size: 5}");
        decision = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null);
        summary = SummaryFactory.from(r, decision);
    }

    private RunSummary.VariantClasses classes(String variant) {
        return summary.variants().stream().filter(v -> v.name().equals(variant)).findFirst().orElseThrow().classes();
    }

    private GateResult gate(String variant, GateName gate) {
        return decision.gates().stream().filter(g -> g.variant().equals(variant) && g.gate() == gate).findFirst()
                .orElseThrow();
    }

    @Test
    void theSwappedPairShowsOnlyInItsTwoCells() {
        RunSummary.VariantClasses swap = classes("swap");
        assertEquals(1 / 12.0, swap.top1Agreement(), 0); // only sample 11, class 2, is kept
        assertEquals(List.of(new RunSummary.ClassFlip("0", "1", 6), new RunSummary.ClassFlip("1", "0", 5)),
                swap.flips());
        assertEquals(List.of(List.of(0L, 6L, 0L, 0L), List.of(5L, 0L, 0L, 0L), List.of(0L, 0L, 1L, 0L),
                List.of(0L, 0L, 0L, 0L)), swap.flipMatrix());
        assertEquals(0.0, swap.accuracy(), 0); // every labelled class swapped, and sample 11 was wrong already
        // the worst class of 5 samples or more (class 2 has one): class 0, kept on none of its 6 samples
        GateResult worst = gate("swap", GateName.MIN_CLASS_AGREEMENT);
        assertEquals(GateResult.Status.FAIL, worst.status());
        assertEquals(0.0, worst.measured(), 0);
        assertTrue(worst.detail().contains("worst class, 0 (n=6)"), worst.detail());
        assertEquals(GateResult.Status.FAIL, gate("swap", GateName.MAX_ACCURACY_DROP).status());
    }

    @Test
    void aNanLogitLeavesTheSampleWithNoClass() {
        RunSummary.VariantClasses nan = classes("nan");
        assertEquals(11 / 12.0, nan.top1Agreement(), 0);
        assertEquals(List.of(new RunSummary.ChangedSample(3, "3", "0", "none")), nan.changedSamples());
        assertEquals(List.of(new RunSummary.ClassFlip("0", "none", 1)), nan.flips());
        assertEquals(GateResult.Status.FAIL, gate("nan", GateName.MAX_NAN_INF).status());
        assertEquals(1.0, gate("nan", GateName.MAX_NAN_INF).measured(), 0);
    }

    @Test
    void aTieGoesToTheLowerClass() {
        RunSummary.VariantClasses tie = classes("tie");
        assertEquals(List.of(new RunSummary.ChangedSample(7, "7", "1", "0")), tie.changedSamples());
        assertEquals(10 / 12.0, tie.accuracy(), 1e-15); // sample 7 now wrong, sample 11 wrong as before
    }

    @Test
    void theReferenceAgainstTheLabelsAndItsPerClassPoints() {
        RunSummary.ClassesInfo c = summary.classes();
        assertEquals(11 / 12.0, c.referenceAccuracy(), 1e-15);
        RunSummary.ClassInfo c1 = c.perClass().get(1);
        assertEquals(6L, c1.support());
        assertEquals(5, c1.predicted());
        assertEquals(1.0, c1.precision(), 0);
        assertEquals(5 / 6.0, c1.recall(), 1e-15);
        // class 1's threshold reaches precision 1 with recall 5/6: between the samples, as the binary rule places
        // it, midway from the lowest class-1 score it admits (2.06, sample 6) to the next below (0: sample 11's and
        // the class-0 samples')
        assertEquals((2.06f + 0) / 2, c1.threshold(), 1e-7);
        assertEquals(1.0, c1.thresholdPrecision(), 0);
        assertEquals(5 / 6.0, c1.thresholdRecall(), 1e-15);
        RunSummary.ClassInfo c2 = c.perClass().get(2);
        assertEquals(0L, c2.support());
        assertNull(c2.threshold());
        assertEquals("no sample is labelled class 2", c2.noThreshold());
        // no threshold ships: the decision is the top class
        assertTrue(Double.isNaN(decision.recommendation().threshold()));
        assertNull(summary.reference().vsGroundTruth());
    }
}
