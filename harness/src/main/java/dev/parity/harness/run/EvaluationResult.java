package dev.parity.harness.run;

import dev.parity.harness.results.ClassReference;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.MadeVariant;
import dev.parity.harness.results.ReferenceCheck;
import dev.parity.harness.results.ReferenceFault;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.SliceResult;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.OperatingPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One evaluation in memory: the spec, what scoring produced, and the comparison of every variant that ran with the
 * reference. The scored run is held once; this adds only what comparing found.
 *
 * @param operatingPoint    the reference threshold; its matrix is null when there are no labels
 * @param referenceVerdicts the reference's verdicts at its own threshold, computed once
 * @param comparisons       by variant name, for every variant that ran (the reference included, trivially)
 * @param durationSeconds   the run's wall time up to the comparison (or as recorded, for a reloaded run)
 * @param slices            per slice of {@code dataset.slices}, how each variant that ran did on it
 * @param referenceCheck    the reference against its FP32 export, or null when the spec has none
 * @param referenceFault    the reference's NaN/Inf scores, or null when every one is finite
 * @param classReference    a multi-class run's reference figures; null for a binary score (whose operating point
 *                          and verdicts are then set; a multi-class run has neither)
 * @param heads             a multi-head model's heads, each evaluated as a binary run of its own; empty otherwise
 */
public record EvaluationResult(ResolvedSpec spec, ScoredRun scored, OperatingPoint operatingPoint,
                               boolean[] referenceVerdicts, Map<String, Comparison> comparisons,
                               double durationSeconds, List<SliceResult> slices, ReferenceCheck referenceCheck,
                               ReferenceFault referenceFault, ClassReference classReference, List<Head> heads) {

    public EvaluationResult {
        slices = List.copyOf(slices);
        heads = heads == null ? List.of() : List.copyOf(heads);
    }

    public EvaluationResult(ResolvedSpec spec, ScoredRun scored, OperatingPoint operatingPoint,
                            boolean[] referenceVerdicts, Map<String, Comparison> comparisons, double durationSeconds,
                            List<SliceResult> slices, ReferenceCheck referenceCheck, ReferenceFault referenceFault) {
        this(spec, scored, operatingPoint, referenceVerdicts, comparisons, durationSeconds, slices, referenceCheck,
                referenceFault, null, null);
    }

    /** One head of a multi-head model: its binary evaluation, on its column of the scores and its labels. */
    public record Head(ResolvedSpec.Head head, EvaluationResult result) {
        public String name() {
            return head.name();
        }
    }

    /** Whether the model makes several binary decisions, each evaluated in {@link #heads()}. */
    public boolean multiHead() {
        return !heads.isEmpty();
    }

    /** Whether the decision is each sample's top class (see {@link #classReference()}). */
    public boolean multiClass() {
        return classReference != null;
    }

    /** A result with no cross-check of the reference. */
    public EvaluationResult(ResolvedSpec spec, ScoredRun scored, OperatingPoint operatingPoint,
                            boolean[] referenceVerdicts, Map<String, Comparison> comparisons, double durationSeconds,
                            List<SliceResult> slices) {
        this(spec, scored, operatingPoint, referenceVerdicts, comparisons, durationSeconds, slices, null, null);
    }

    /** The reference threshold every variant's verdicts are taken at; NaN for a multi-class run (no threshold). */
    public double threshold() {
        return operatingPoint == null ? Double.NaN : operatingPoint.threshold();
    }

    /** Labels, ids and slice values of the samples. */
    public SampleInfo info() {
        return scored.info();
    }

    public long samples() {
        return scored.samples();
    }

    public boolean[] labels() {
        return scored.labels();
    }

    public List<VariantScores> variants() {
        return scored.variants();
    }

    public Map<String, MadeVariant> made() {
        return scored.made();
    }

    /** The scores of the named variant (null when it did not run). */
    public float[] scores(String variant) {
        return scored.variant(variant).scores();
    }

    /** What the spec says of the variant an outcome belongs to. */
    public ResolvedSpec.Variant specOf(VariantScores v) {
        return spec.variant(v.name()).orElseThrow();
    }

    /** The model file the variant ran, or null (served, or not made here). */
    public Path artifact(String variant) {
        return scored.artifacts().get(variant);
    }
}
