package dev.parity.harness.run;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.ImageSet;
import dev.parity.harness.data.NpyFile;
import dev.parity.harness.data.SampleInfoLoader;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.ReferenceFault;
import dev.parity.harness.RunFailedException;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.ToolVersion;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.OperatingPoint;
import dev.parity.metrics.PrecisionTargetThreshold;
import dev.parity.metrics.Recalibration;
import dev.parity.metrics.ScoreDrift;
import dev.parity.metrics.UnreachablePrecisionException;
import dev.parity.metrics.VerdictComparison;
import dev.parity.metrics.Verdicts;
import dev.parity.runners.worker.IsolatedRunners;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One evaluation: score every variant, fit the reference threshold, compare each variant with the reference.
 * Produces results in memory; writing them is the output package's job.
 */
public final class Evaluation {
    /** How many of the largest score differences each variant lists. */
    static final int LARGEST_DIFFS = 10;

    private Evaluation() {
    }

    /**
     * @param cacheDir where made variants (FP16, INT8, TensorRT engines) are kept and reused
     */
    public static EvaluationResult run(ResolvedSpec spec, Path cacheDir, Consumer<String> progress) {
        return run(spec, cacheDir, false, progress);
    }

    /**
     * @param resume start from the score checkpoints an interrupted run of the same inputs left in the cache
     */
    public static EvaluationResult run(ResolvedSpec spec, Path cacheDir, boolean resume, Consumer<String> progress) {
        return run(spec, cacheDir, resume, progress, new IsolatedRunners(cacheDir, progress)::open);
    }

    /** Same, with the runners opened by {@code opener} (tests inject failing runners through it). */
    public static EvaluationResult run(ResolvedSpec spec, Path cacheDir, boolean resume, Consumer<String> progress,
                                       ScoringPass.RunnerOpener opener) {
        return compare(spec, score(spec, cacheDir, resume, progress, opener, Shard.WHOLE));
    }

    /**
     * Makes the variants and scores the shard's samples with every one of them. Variants whose preprocessing
     * differs from the dataset's are scored in a pass of their own over inputs preprocessed their way.
     */
    public static ScoredRun score(ResolvedSpec spec, Path cacheDir, boolean resume, Consumer<String> progress,
                                  ScoringPass.RunnerOpener opener, Shard shard) {
        long started = System.currentTimeMillis();
        try (SampleSource inputs = DataSources.open(spec)) {
            long samples = inputs.rows();
            if (samples == 0) {
                throw new ParityInputException(spec.inputs() + ": the dataset is empty (0 samples)");
            }
            if (inputs instanceof ImageSet images && !images.skipped().isEmpty()) {
                progress.accept("skipped " + images.skipped().size() + " unreadable image(s) (skip_unreadable), e.g. "
                        + images.skipped().get(0));
            }
            long first = shard.first(samples), end = shard.end(samples);
            if (first == end) {
                throw new ParityInputException("--shard " + shard + ": " + spec.inputs() + " has " + samples
                        + " sample(s), so this shard would hold none; use at most " + samples + " shards");
            }
            // before anything slow (making variants, hashing the dataset): a run that cannot fit says so at once
            MemoryBudget.require(end - first, spec.variants().size(), "scoring " + spec.inputs());
            // a NaN input is the data's fault: named here, not later as the reference's NaN scores (CSV does this
            // as it opens; image decoders cannot give one)
            if (inputs instanceof NpyFile npy) npy.requireFinite(first, end);
            VariantMaker.Result made = VariantMaker.make(spec, cacheDir, progress);
            SampleInfo info = shard.whole() ? SampleInfoLoader.load(spec, inputs) : SampleInfo.NONE;
            // a shard's checkpoints are its own: chunk boundaries are counted from its first sample
            String datasetKey = DatasetHash.of(spec) + (shard.whole() ? "" : "@" + first + "-" + end);
            ScoringPass.Checkpoints checkpoints = new ScoringPass.Checkpoints(new ScoreCache(cacheDir.resolve("scores")),
                    datasetKey, ToolVersion.get(), resume);
            if (!shard.whole()) progress.accept("shard " + shard + ": samples " + first + ".." + (end - 1));
            Map<String, VariantScores> byName = new HashMap<>();
            for (Map.Entry<String, List<ResolvedSpec.Variant>> group : passGroups(spec).entrySet()) {
                ResolvedSpec.Variant firstOfGroup = group.getValue().get(0);
                ResolvedSpec.Preprocessing pre = spec.preprocessingOf(firstOfGroup);
                int batch = firstOfGroup.batchSizeOr(spec.batchSize());
                boolean own = pre != spec.preprocessing();
                if (own) {
                    progress.accept("scoring " + group.getValue().stream().map(ResolvedSpec.Variant::name).toList()
                            + " on their own preprocessing: " + pre.describe());
                }
                if (batch != spec.batchSize()) {
                    progress.accept("scoring " + group.getValue().stream().map(ResolvedSpec.Variant::name).toList()
                            + " at their own batch size " + batch);
                }
                try (SampleSource source = own ? DataSources.open(spec, pre) : null) {
                    BatchStream stream = new BatchStream(own ? source : inputs, pre, batch, first, end);
                    for (VariantScores v : new ScoringPass(spec.withVariants(group.getValue()).withBatchSize(batch),
                            made, progress, checkpoints, opener).run(stream)) {
                        byName.put(v.name(), v);
                    }
                }
            }
            List<VariantScores> scored = spec.variants().stream().map(v -> byName.get(v.name())).toList();
            return new ScoredRun(samples, inputs.shape(), inputs.elementType(), info, scored, made.made(),
                    made.artifacts(), Map.of(), started, null, shard);
        }
    }

    /**
     * Variants by the pass they are scored in: the preprocessing their inputs get and their batch size, the dataset's
     * at the spec's batch size (with the reference) first, in spec order.
     */
    private static Map<String, List<ResolvedSpec.Variant>> passGroups(ResolvedSpec spec) {
        Map<String, List<ResolvedSpec.Variant>> groups = new LinkedHashMap<>();
        groups.put(spec.preprocessing().fingerprint() + "@" + spec.batchSize(), new ArrayList<>());
        for (ResolvedSpec.Variant v : spec.variants()) {
            groups.computeIfAbsent(spec.preprocessingOf(v).fingerprint() + "@" + v.batchSizeOr(spec.batchSize()),
                    k -> new ArrayList<>()).add(v);
        }
        groups.values().removeIf(List::isEmpty);
        return groups;
    }

    /** Fits the reference threshold and compares every variant with the reference, on all samples. */
    public static EvaluationResult compare(ResolvedSpec spec, ScoredRun s) {
        VariantScores reference = s.variant(spec.reference());
        ReferenceFault fault = nonFinite(spec, s, reference.scores(), spec.scoreWidth());
        if (spec.multiClass()) return ClassEvaluation.compare(spec, s, fault, durationSeconds(s));
        if (spec.multiHead()) return HeadEvaluation.compare(spec, s, fault, durationSeconds(s));
        boolean[] labels = s.labels();
        OperatingPoint operating = fault == null ? operatingPoint(spec, reference.scores(), labels)
                : finiteOperatingPoint(spec, reference.scores(), labels);
        double threshold = operating.threshold();
        boolean[] referenceVerdicts = Verdicts.at(reference.scores(), threshold);
        Map<String, Comparison> comparisons = new LinkedHashMap<>();
        for (VariantScores v : s.variants()) {
            if (!v.ok()) continue;
            boolean[] verdicts = Verdicts.at(v.scores(), threshold);
            ScoreDrift drift = ScoreDrift.between(reference.scores(), v.scores(), LARGEST_DIFFS);
            VerdictComparison atReference = VerdictComparison.of(referenceVerdicts, verdicts, labels, threshold);
            Recalibration recal = Recalibration.fit(referenceVerdicts, v.scores(), threshold);
            ConfusionMatrix afterVsTruth = labels == null ? null
                    : ConfusionMatrix.of(labels, Verdicts.at(v.scores(), recal.threshold()));
            comparisons.put(v.name(), new Comparison(drift, atReference, verdicts, recal, afterVsTruth));
        }
        return new EvaluationResult(spec, s, operating, referenceVerdicts, comparisons, durationSeconds(s),
                SliceEvaluation.of(s.info(), referenceVerdicts, comparisons),
                ReferenceCrossCheck.of(spec, s, comparisons).orElse(null), fault);
    }

    /** The run's wall time up to now, or as recorded for a reloaded run. */
    private static double durationSeconds(ScoredRun s) {
        return s.durationSeconds() != null ? s.durationSeconds()
                : (System.currentTimeMillis() - s.startedAtMillis()) / 1000.0;
    }

    private static OperatingPoint operatingPoint(ResolvedSpec spec, float[] scores, boolean[] labels) {
        if (spec.fixedThreshold() != null) {
            double t = spec.fixedThreshold();
            ConfusionMatrix vsTruth = labels == null ? null : ConfusionMatrix.of(labels, Verdicts.at(scores, t));
            return OperatingPoint.at(t, scores, vsTruth);
        }
        try {
            return PrecisionTargetThreshold.find(scores, labels, spec.targetPrecision());
        } catch (UnreachablePrecisionException e) {
            throw new ParityInputException(spec.source() + ": target_precision " + spec.targetPrecision()
                    + " cannot be reached by the reference '" + spec.reference() + "' on this dataset: the best "
                    + "precision any threshold gives is " + String.format("%.4f", e.bestPrecision())
                    + "; lower target_precision or set a fixed threshold" + positiveClassHint(spec, labels));
        }
    }

    /**
     * A precision target missed by far is most often the wrong class called positive (an image folder's classes, a
     * CSV's label values): the message names the key that decides it and what it says now.
     */
    private static String positiveClassHint(ResolvedSpec spec, boolean[] labels) {
        if (spec.positiveLabel() == null || labels == null) return "";
        long positives = 0;
        for (boolean l : labels) if (l) positives++;
        return "; or the model scores another class than dataset.positive_label '" + spec.positiveLabel() + "' ("
                + positives + " of " + labels.length + " samples): set positive_label to the class the score is for";
    }

    /**
     * NaN or Inf in the reference: a runtime's fault (or the data's), not the spec's, so the run goes on to a report
     * that names the samples and says whether their inputs were finite; nothing ships from it.
     */
    private static ReferenceFault nonFinite(ResolvedSpec spec, ScoredRun s, float[] scores, int width) {
        List<Long> bad = new ArrayList<>();
        long count = 0;
        int samples = scores.length / width;
        for (int i = 0; i < samples; i++) {
            boolean finite = true;
            for (int c = 0; c < width; c++) finite &= Float.isFinite(scores[i * width + c]);
            if (!finite) {
                count++;
                if (bad.size() < 5) bad.add(s.shard().first(s.samples()) + i);
            }
        }
        if (count == 0) return null;
        if (count == samples) {
            throw new RunFailedException("the reference variant '" + spec.reference() + "' gave no finite score: all "
                    + count + " are NaN or Inf (inputs of samples " + bad + " "
                    + (InputFiniteness.allFinite(spec, bad) ? "finite" : "not finite") + "), so there is nothing to "
                    + "fit a threshold on or compare with; 'parity doctor' checks the runtimes on this host");
        }
        return new ReferenceFault(count, bad, InputFiniteness.allFinite(spec, bad));
    }

    /** The operating point fitted on the samples whose reference score is finite. */
    private static OperatingPoint finiteOperatingPoint(ResolvedSpec spec, float[] scores, boolean[] labels) {
        int n = 0;
        for (float f : scores) if (Float.isFinite(f)) n++;
        float[] finite = new float[n];
        boolean[] finiteLabels = labels == null ? null : new boolean[n];
        for (int i = 0, j = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) continue;
            if (finiteLabels != null) finiteLabels[j] = labels[i];
            finite[j++] = scores[i];
        }
        return operatingPoint(spec, finite, finiteLabels);
    }
}
