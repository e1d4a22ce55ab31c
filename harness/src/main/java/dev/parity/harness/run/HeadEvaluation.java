package dev.parity.harness.run;

import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.ReferenceFault;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.ScoreDrift;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-head model's comparison: each head is a binary decision of its own, so each is evaluated as a binary run
 * (its column of the scores, its labels, its threshold fitted or fixed, recalibration, slices) by the one binary
 * rule; the run adds drift over every head's score and, per variant, the heads' comparisons side by side.
 */
final class HeadEvaluation {
    private HeadEvaluation() {
    }

    static EvaluationResult compare(ResolvedSpec spec, ScoredRun s, ReferenceFault fault, double seconds) {
        List<EvaluationResult.Head> heads = new ArrayList<>();
        for (int j = 0; j < spec.heads().size(); j++) {
            ResolvedSpec.Head h = spec.heads().get(j);
            heads.add(new EvaluationResult.Head(h, Evaluation.compare(spec.forHead(h), column(s, j,
                    spec.heads().size()))));
        }
        float[] reference = s.variant(spec.reference()).scores();
        Map<String, Comparison> comparisons = new LinkedHashMap<>();
        for (VariantScores v : s.variants()) {
            if (!v.ok()) continue;
            Map<String, Comparison> perHead = new LinkedHashMap<>();
            for (EvaluationResult.Head h : heads) perHead.put(h.name(), h.result().comparisons().get(v.name()));
            comparisons.put(v.name(), Comparison.ofHeads(ScoreDrift.between(reference, v.scores(),
                    Evaluation.LARGEST_DIFFS), perHead));
        }
        return new EvaluationResult(spec, s, null, null, comparisons, seconds, List.of(),
                ReferenceCrossCheck.of(spec, s, comparisons).orElse(null), fault, null, heads);
    }

    /** The run as one head sees it: every variant's score for that head, the head's labels. */
    private static ScoredRun column(ScoredRun s, int head, int width) {
        List<VariantScores> variants = new ArrayList<>();
        for (VariantScores v : s.variants()) {
            float[] scores = null;
            if (v.scores() != null) {
                scores = new float[v.scores().length / width];
                for (int i = 0; i < scores.length; i++) scores[i] = v.scores()[i * width + head];
            }
            variants.add(new VariantScores(v.name(), v.status(), v.reason(), scores, v.runtimeVersion(),
                    v.executionProvider(), v.inferenceNanos(), v.computedSamples(), v.host(), v.peakRssBytes()));
        }
        return new ScoredRun(s.samples(), s.inputShape(), s.inputDtype(), s.info().forHead(head), variants, s.made(),
                s.artifacts(), s.artifactShas(), s.startedAtMillis(), s.durationSeconds(), s.shard());
    }
}
