package dev.parity.harness.output;

import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.ToolVersion;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.OperatingPoint;
import dev.parity.metrics.Recalibration;
import dev.parity.metrics.ScoreDrift;
import dev.parity.metrics.VerdictComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns an evaluation's in-memory results into the summary.json record, with provenance. */
public final class SummaryFactory {
    private SummaryFactory() {
    }

    public static RunSummary from(EvaluationResult r, Decision decision) {
        return from(r, decision, null);
    }

    /** @param phaseSeconds the run's phases up to its decision, or null (a run decided again keeps its own) */
    public static RunSummary from(EvaluationResult r, Decision decision, Map<String, Double> phaseSeconds) {
        ResolvedSpec spec = r.spec();
        RunSummary.SpecInfo specInfo = new RunSummary.SpecInfo(spec.name(), spec.source().toString(),
                java.nio.file.Files.isRegularFile(spec.source()) ? Hashing.sha256(spec.source()) : null,
                spec.targetPrecision(), spec.fixedThreshold(),
                spec.transform().label(), spec.scoreIndex(), spec.batchSize(), spec.origin());

        Long positives = null;
        if (r.labels() != null) {
            long p = 0;
            for (boolean l : r.labels()) if (l) p++;
            positives = p;
        }
        RunSummary.DatasetInfo dataset = new RunSummary.DatasetInfo(
                new RunSummary.FileInfo(spec.inputs().toString(), dev.parity.harness.run.DatasetHash.of(spec),
                        Arrays.stream(r.scored().inputShape()).boxed().toList(), r.scored().inputDtype()),
                spec.labels() == null ? null : file(spec.labels(), null, null),
                r.samples(), positives, preprocessing(spec.preprocessing()),
                spec.dataset().kind().name().toLowerCase(Locale.ROOT), spec.dataset().slices());

        RunSummary.ReferenceInfo reference;
        if (r.multiClass()) {
            reference = new RunSummary.ReferenceInfo(spec.reference(), Double.NaN, ClassSummary.DECISION, Double.NaN,
                    Double.NaN, null);
        } else if (r.multiHead()) {
            reference = new RunSummary.ReferenceInfo(spec.reference(), Double.NaN, HEADS_DECISION, Double.NaN,
                    Double.NaN, null);
        } else {
            String source = spec.fixedThreshold() != null ? "fixed in the spec"
                    : String.format(Locale.ROOT, "highest recall at precision >= %s against the labels",
                    spec.targetPrecision());
            OperatingPoint op = r.operatingPoint();
            reference = new RunSummary.ReferenceInfo(spec.reference(), op.threshold(), source, op.scoreBelow(),
                    op.scoreAbove(), RunSummary.Matrix.of(op.matrix()));
        }

        List<RunSummary.VariantInfo> variants = new ArrayList<>();
        Map<String, Double> inferenceSeconds = new TreeMap<>();
        Map<String, Double> samplesPerSecond = new TreeMap<>();
        Map<String, Long> peakRss = new TreeMap<>();
        for (VariantScores v : r.variants()) {
            if (v.peakRssBytes() > 0) peakRss.put(v.name(), v.peakRssBytes());
            Comparison c = r.comparisons().get(v.name());
            ResolvedSpec.Variant sv = r.specOf(v);
            variants.add(new RunSummary.VariantInfo(v.name(), v.name().equals(spec.reference()),
                    sv.runtime().label(), artifact(r, v.name()),
                    sv.remote() ? "server" : sv.device().toString(), // served: the server's
                    v.status(), v.reason(), v.runtimeVersion(), v.executionProvider(), v.host(), sv.batchSize(),
                    c == null ? null : drift(c.drift(), r.info(), spec),
                    c == null || c.atReference() == null ? null : verdicts(c.atReference(), r.info().ids()),
                    c == null || c.recalibration() == null ? null : recalibrated(c.recalibration(), c),
                    c == null || c.classes() == null ? null : ClassSummary.variant(r, c.classes()),
                    r.made().get(v.name()), sv.preprocessing() == null ? null : preprocessing(sv.preprocessing())));
            if (v.ok()) {
                inferenceSeconds.put(v.name(), v.inferenceNanos() / 1e9);
                samplesPerSecond.put(v.name(), v.samplesPerSecond());
            }
        }
        Map<String, Boolean> reused = new TreeMap<>();
        r.made().forEach((name, m) -> reused.put(name, m.reused()));
        RunSummary.RunInfo run = new RunSummary.RunInfo(Instant.ofEpochMilli(r.scored().startedAtMillis()).toString(),
                r.durationSeconds(), inferenceSeconds, samplesPerSecond, decision.recommendation().figure(),
                new TreeMap<>(decision.recommendation().detailedReasons()), reused,
                decision.recommendation().speed() == null ? Map.of() : new TreeMap<>(decision.recommendation().speed()),
                decision.recommendation().figureSource(), peakRss, phaseSeconds);
        return new RunSummary(RunSummary.SCHEMA_VERSION, "parity", ToolVersion.get(), specInfo, dataset, reference,
                r.multiClass() ? ClassSummary.classes(r) : null, r.multiHead() ? heads(r, decision) : null, variants, r.slices(), decision, EnvironmentInfo.current(), run);
    }

    /** How a multi-head reference decides, where a binary one names its threshold's source. */
    static final String HEADS_DECISION = "one binary decision per head, each at its own threshold (see heads)";

    /** Each head as a binary run reports it, with its statistics. */
    private static List<RunSummary.HeadInfo> heads(EvaluationResult r, Decision decision) {
        List<RunSummary.HeadInfo> out = new ArrayList<>();
        for (EvaluationResult.Head h : r.heads()) {
            RunSummary head = from(h.result(), decision, null);
            Map<String, dev.parity.harness.results.VariantStatistics> stats = new LinkedHashMap<>();
            for (String v : h.result().comparisons().keySet()) {
                stats.put(v, dev.parity.harness.decide.DecisionMaker.headStatistics(h.result(), v));
            }
            out.add(new RunSummary.HeadInfo(h.name(), h.head().index(), h.head().transform().label(),
                    head.dataset().positives(), head.reference(), head.variants(), head.slices(), stats));
        }
        return out;
    }

    /** The SHA-256 of a variant's model file in this run (hashed once per JVM), or null for a served variant. */
    public static String artifactSha(EvaluationResult r, String variant) {
        RunSummary.FileInfo f = artifact(r, variant);
        return f == null ? null : f.sha256();
    }

    /** The model file, hashed here unless its hash came with the scores (merged shards). */
    private static RunSummary.FileInfo artifact(EvaluationResult r, String variant) {
        java.nio.file.Path artifact = r.artifact(variant);
        if (artifact == null) return null;
        String known = r.scored().artifactShas().get(variant);
        return known != null ? new RunSummary.FileInfo(artifact.toString(), known, null, null)
                : file(artifact, null, null);
    }

    private static RunSummary.FileInfo file(java.nio.file.Path p, long[] shape, String dtype) {
        String sha = java.nio.file.Files.isRegularFile(p) ? Hashing.sha256(p) : null;
        return new RunSummary.FileInfo(p.toString(), sha,
                shape == null ? null : Arrays.stream(shape).boxed().toList(), dtype);
    }

    /**
     * The drift's indexes are of scores: a multi-class score keeps K per sample and a multi-head model one per head,
     * so the samples are listed once each, the id naming the class or head whose score moved most.
     */
    private static RunSummary.Drift drift(ScoreDrift d, SampleInfo info, ResolvedSpec spec) {
        int width = spec.scoreWidth();
        List<Integer> samples = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int score : d.largestDiffIds()) {
            int sample = score / width;
            if (samples.contains(sample)) continue;
            samples.add(sample);
            ids.add(width == 1 ? info.id(sample) : info.id(sample) + "/" + (spec.multiClass()
                    ? spec.classes().name(score % width) : spec.heads().get(score % width).name()));
        }
        return new RunSummary.Drift(d.compared(), d.meanSigned(), d.meanAbsolute(), d.maxAbsolute(), d.minAbsolute(),
                d.p50Absolute(), d.p90Absolute(), d.p99Absolute(), d.nanCount(), d.infCount(), d.posInfCount(), d.negInfCount(),
                samples, ids);
    }

    private static RunSummary.Verdicts verdicts(VerdictComparison v, String[] ids) {
        return new RunSummary.Verdicts(v.threshold(), v.agreement(), v.flips(), RunSummary.Matrix.of(v.vsReference()),
                RunSummary.Matrix.of(v.vsGroundTruth()), v.flippedToPositive(), v.flippedToNegative(),
                ids == null ? null : v.flippedToPositive().stream().map(i -> ids[i]).toList(),
                ids == null ? null : v.flippedToNegative().stream().map(i -> ids[i]).toList());
    }

    /** The preprocessing as its spec keys (image steps only where there are any). */
    private static Map<String, Object> preprocessing(ResolvedSpec.Preprocessing p) {
        Map<String, Object> pre = new LinkedHashMap<>();
        if (p.image() != null) {
            pre.put("color", p.image().color().label());
            pre.put("resize", p.image().resize());
            pre.put("resize_interpolation", p.image().interpolation().label());
            pre.put("center_crop", p.image().centerCrop());
        }
        if (p.roundToUint8()) pre.put("round_to_uint8", true);
        pre.put("divide_by", p.divideBy());
        pre.put("mean", p.mean());
        pre.put("std", p.std());
        pre.put("shape", p.shape());
        return pre;
    }

    private static RunSummary.Recalibrated recalibrated(Recalibration r, Comparison c) {
        return new RunSummary.Recalibrated(r.threshold(), r.thresholdChanged(), r.agreementBefore(),
                r.agreementAfter(), r.agreeingBefore(), r.agreeingAfter(), r.aboveEveryFiniteScore(), r.scoreBelow(),
                r.scoreAbove(), RunSummary.Matrix.of(c.afterVsTruth()));
    }
}
