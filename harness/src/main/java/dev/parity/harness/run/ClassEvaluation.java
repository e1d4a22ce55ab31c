package dev.parity.harness.run;

import dev.parity.harness.results.ClassFigures;
import dev.parity.harness.results.ClassReference;
import dev.parity.harness.results.Classes;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.ReferenceFault;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.ClassAccuracy;
import dev.parity.metrics.ClassComparison;
import dev.parity.metrics.ClassScores;
import dev.parity.metrics.ClassThresholds;
import dev.parity.metrics.ScoreDrift;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multi-class run's comparison: each sample's decision is its top class. Per variant, against the reference: top-1
 * agreement and the class flip matrix, top-k overlap, score drift over all K outputs; against the labels (when there
 * are any): accuracy and per-class precision and recall, and the verdicts at the reference's per-class operating
 * points.
 */
final class ClassEvaluation {
    private ClassEvaluation() {
    }

    static EvaluationResult compare(ResolvedSpec spec, ScoredRun s, ReferenceFault fault, double seconds) {
        Classes classes = spec.classes();
        int k = classes.count();
        ClassScores reference = new ClassScores(s.variant(spec.reference()).scores(), k);
        int[] referenceTop1 = reference.top1();
        int[] labels = s.info().classLabels();
        ClassAccuracy referenceVsTruth = labels == null ? null : ClassAccuracy.of(referenceTop1, labels, k);
        // fitted on the samples whose reference scores are finite: a NaN sorts nowhere
        ClassThresholds thresholds = labels == null ? null
                : fault == null ? ClassThresholds.fit(reference, labels, spec.targetPrecision())
                : fitFinite(reference, referenceTop1, labels, spec.targetPrecision());
        Map<String, Comparison> comparisons = new LinkedHashMap<>();
        for (VariantScores v : s.variants()) {
            if (!v.ok()) continue;
            ClassScores variant = new ClassScores(v.scores(), k);
            int[] top1 = variant.top1();
            ClassFigures figures = new ClassFigures(ClassComparison.of(reference, variant, classes.topK()),
                    labels == null ? null : ClassAccuracy.of(top1, labels, k),
                    thresholds == null ? null : thresholds.flips(reference, variant), top1);
            ScoreDrift drift = ScoreDrift.between(reference.values(), variant.values(), Evaluation.LARGEST_DIFFS);
            comparisons.put(v.name(), Comparison.ofClasses(drift, figures));
        }
        return new EvaluationResult(spec, s, null, null, comparisons, seconds,
                SliceEvaluation.ofClasses(s.info(), referenceTop1, comparisons),
                ReferenceCrossCheck.of(spec, s, comparisons).orElse(null), fault,
                new ClassReference(classes, referenceTop1, referenceVsTruth, thresholds), null);
    }

    /** Per-class thresholds fitted on the samples with a class (every score finite). */
    private static ClassThresholds fitFinite(ClassScores reference, int[] top1, int[] labels, double target) {
        int kept = 0;
        for (int c : top1) if (c != ClassScores.NONE) kept++;
        int k = reference.classes();
        float[] values = new float[kept * k];
        int[] keptLabels = new int[kept];
        for (int i = 0, j = 0; i < top1.length; i++) {
            if (top1[i] == ClassScores.NONE) continue;
            System.arraycopy(reference.values(), i * k, values, j * k, k);
            keptLabels[j++] = labels[i];
        }
        return ClassThresholds.fit(new ClassScores(values, k), keptLabels, target);
    }
}
