package dev.parity.harness.results;

import dev.parity.metrics.ConfusionMatrix;
import java.util.List;
import java.util.Map;

/**
 * Everything one run found, as written to summary.json. Field order is the JSON key order. Undefined ratios
 * (NaN) are written as null. Values that differ from run to run of the same inputs (time, duration, speed)
 * live only in {@link RunInfo}, under "run".
 */
public record RunSummary(
        int schemaVersion,
        String tool,
        String toolVersion,
        SpecInfo spec,
        DatasetInfo dataset,
        ReferenceInfo reference,
        ClassesInfo classes,
        List<HeadInfo> heads,
        List<VariantInfo> variants,
        List<SliceResult> slices,
        Decision decision,
        Environment environment,
        RunInfo run) {

    public static final int SCHEMA_VERSION = 1;

    /** @param commandLine the command a spec was made from (parity compare); null for a spec file */
    public record SpecInfo(String name, String file, String sha256, double targetPrecision, Double fixedThreshold,
                           String scoreTransform, int scoreIndex, int batchSize, String commandLine) {
    }

    public record FileInfo(String file, String sha256, List<Long> shape, String dtype) {
    }

    /**
     * @param kind          npy, csv, image_folder or image_list
     * @param sliceColumns  the columns samples are sliced by (see the run's {@code slices})
     */
    public record DatasetInfo(FileInfo inputs, FileInfo labels, long samples, Long positives,
                              Map<String, Object> preprocessing, String kind, List<String> sliceColumns) {
    }

    /**
     * The reference's operating point against ground truth (null matrix when there are no labels).
     *
     * @param scoreBelow the highest reference score below the threshold (null when none): the gap to it is how far
     *                   a variant's score must move to flip a negative verdict
     * @param scoreAbove the lowest reference score at or above it (null when none)
     */
    public record ReferenceInfo(String variant, double threshold, String thresholdSource, double scoreBelow,
                                double scoreAbove, Matrix vsGroundTruth) {
    }

    /**
     * One head of a multi-head model, with everything a binary run reports: the reference's operating point for
     * this head, each variant's verdicts and recalibration on it (and drift of its score), its slices, and its
     * statistics. A run's top-level variants then hold drift over every head's score.
     *
     * @param index     the head's element of each sample's output
     * @param positives labelled positives of this head; null without labels
     */
    public record HeadInfo(String name, int index, String transform, Long positives, ReferenceInfo reference,
                           List<VariantInfo> variants, List<SliceResult> slices,
                           Map<String, VariantStatistics> statistics) {
    }

    /**
     * A multi-class score's classes and the reference's figures against the labels; null for a binary score.
     *
     * @param referenceAccuracy the reference's top class against the labels; null without labels
     * @param perClass          by class, in output order
     */
    public record ClassesInfo(int count, List<String> names, int topK, Double referenceAccuracy,
                              List<ClassInfo> perClass) {
    }

    /**
     * One class of the reference: against the labels (null without labels), and its one-vs-rest operating point at
     * target_precision.
     *
     * @param support     samples labelled this class
     * @param predicted   samples the reference puts in this class
     * @param threshold   the class's threshold on its score (positive iff score >= it); null where none is fitted
     * @param noThreshold why there is no threshold (the target cannot be reached, no sample is labelled so); else
     *                    null
     */
    public record ClassInfo(String name, Long support, long predicted, Double precision, Double recall,
                            Double threshold, Double thresholdPrecision, Double thresholdRecall, String noThreshold) {
    }

    /**
     * A multi-class variant against the reference.
     *
     * @param changedSamples every sample whose top class differs from the reference's, with both classes ("none"
     *                       where a score is not finite)
     * @param flips          the flip matrix's off-diagonal cells holding samples, most first
     * @param flipMatrix     (K+1) x (K+1) counts, [reference class][variant class], the last index "none"
     * @param leftTopK       samples whose reference class is not among the variant's top k
     * @param accuracy       its top class against the labels; null without labels
     */
    public record VariantClasses(double top1Agreement, long agreeing, long changed, int topK, double topKOverlap,
                                 long leftTopK, Double accuracy, List<ClassFlip> flips, List<List<Long>> flipMatrix,
                                 List<ChangedSample> changedSamples, List<VariantClass> perClass) {
    }

    /** Samples the reference puts in {@code from} and the variant in {@code to}. */
    public record ClassFlip(String from, String to, long count) {
    }

    public record ChangedSample(int index, String id, String reference, String variant) {
    }

    /**
     * One class for one variant.
     *
     * @param referenceN     samples the reference puts in the class
     * @param agreement      the share of those the variant also puts in it (null when the reference puts none)
     * @param thresholdFlips samples whose "is it this class?" verdict differs from the reference's at the class's
     *                       threshold; null where the class has none
     */
    public record VariantClass(String name, long referenceN, Double agreement, Double precision, Double recall,
                               Long thresholdFlips) {
    }

    public record VariantInfo(
            String name,
            boolean reference,
            String runtime,
            FileInfo artifact,
            String device,
            VariantStatus status,
            String reason,
            String runtimeVersion,
            String executionProvider,
            String host,
            Integer batchSize,
            Drift scoreDrift,
            Verdicts atReferenceThreshold,
            Recalibrated recalibration,
            VariantClasses classes,
            MadeVariant made,
            Map<String, Object> preprocessing) {
    }

    /**
     * Difference statistics over the {@code compared} samples whose scores are finite on both sides; the others
     * are counted by kind ({@code infCount} = positive + negative infinities). Null statistics: nothing compared.
     *
     * @param largestDiffIndexes the samples with the largest |score difference|, largest first, by row index
     * @param largestDiffIds     the same samples by name: the dataset's id when it has one, else the row number (as
     *                           scores.csv's sample_id; before, this held the row indexes even when there were ids)
     */
    public record Drift(long compared, double meanSigned, double meanAbsolute, double maxAbsolute,
                        double minAbsolute, double p50Absolute, double p90Absolute, double p99Absolute,
                        long nanCount, long infCount, long posInfCount, long negInfCount,
                        List<Integer> largestDiffIndexes, List<String> largestDiffIds) {
    }

    /** The flipped samples by index, and by the dataset's ids when it has them (else null). */
    public record Verdicts(double threshold, double agreement, long flips, Matrix vsReference, Matrix vsGroundTruth,
                           List<Integer> flippedToPositive, List<Integer> flippedToNegative,
                           List<String> flippedToPositiveIds, List<String> flippedToNegativeIds) {
    }

    /**
     * @param aboveEveryFiniteScore the fitted threshold makes every finite score of the variant negative
     * @param scoreBelow            the variant's highest finite score below the fitted threshold (null when none)
     * @param scoreAbove            its lowest finite score at or above it (null when none)
     */
    public record Recalibrated(double threshold, boolean changed, double agreementBefore, double agreementAfter,
                               long agreeingBefore, long agreeingAfter, boolean aboveEveryFiniteScore,
                               double scoreBelow, double scoreAbove, Matrix vsGroundTruthAfter) {
    }

    /** A confusion matrix with its ratios; rows are the truth, columns the prediction (see ConfusionMatrix). */
    public record Matrix(long tp, long fp, long fn, long tn, double accuracy, double precision, double recall) {
        public static Matrix of(ConfusionMatrix m) {
            return m == null ? null : new Matrix(m.tp(), m.fp(), m.fn(), m.tn(), m.accuracy(), m.precision(), m.recall());
        }
    }

    /**
     * @param cpuSignature vendor, family and model as kernels see them
     * @param simdFlags    the CPU's SIMD features (they decide which kernels every runtime picks)
     */
    public record Environment(String jvm, String os, String cpu, int cores, String cpuSignature, String simdFlags) {
    }

    /** Run-specific: differs between two runs of the same spec on the same machine. */
    /**
     * @param samplesPerSecond the evaluation loop's own rate per variant, for orientation: it never decides
     * @param speed            each candidate's speed as the recommendation compared it, with its spread
     * @param speedSource      where those figures come from: "parity bench", "speed probe" or "none"
     * @param peakRssBytes     each local variant's worker process at its peak memory (what the variant costs)
     * @param phaseSeconds     wall time of the run's phases up to its decision (baseline, scoring, metrics,
     *                         benchmark, speed_probe, deciding); null for runs written before it
     */
    public record RunInfo(String startedAt, double durationSeconds, Map<String, Double> inferenceSeconds,
                          Map<String, Double> samplesPerSecond, Double recommendationFigure,
                          Map<String, String> recommendationReasons, Map<String, Boolean> madeReused,
                          Map<String, Speed> speed, String speedSource, Map<String, Long> peakRssBytes,
                          Map<String, Double> phaseSeconds) {
    }
}
