package dev.parity.harness;

import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation made from scores written by hand, so that the rule can be tested on figures whose answer is known:
 * a spec with one ONNX variant per name (the model files are never run), the given scores and labels, and the
 * comparison Parity computes from them.
 */
public final class ConstructedRun {
    private static final String MODEL = TestFiles.testModel("tiny.onnx").toString();

    private ConstructedRun() {
    }

    /**
     * @param scores by variant name, the first being the reference, each aligned with {@code labels}
     * @param extra  more spec lines (gates, objective), or ""
     */
    public static EvaluationResult of(Path dir, Map<String, float[]> scores, boolean[] labels, String extra)
            throws IOException {
        return of(dir, scores, SampleInfo.labelsOnly(labels), extra);
    }

    /** The same with slices: each of {@code info}'s slice columns becomes a column of a metadata CSV. */
    public static EvaluationResult of(Path dir, Map<String, float[]> scores, SampleInfo info, String extra)
            throws IOException {
        boolean[] labels = info.labels();
        String slices = "";
        if (!info.slices().isEmpty()) {
            StringBuilder csv = new StringBuilder(String.join(",", info.slices().stream()
                    .map(SampleInfo.SliceColumn::name).toList())).append('\n');
            for (int i = 0; i < labels.length; i++) {
                int row = i;
                csv.append(String.join(",", info.slices().stream().map(c -> c.valueOf(row)).toList())).append('\n');
            }
            Files.writeString(dir.resolve("meta.csv"), csv);
            slices = ", metadata: meta.csv, slices: [" + String.join(", ", info.slices().stream()
                    .map(SampleInfo.SliceColumn::name).toList()) + "]";
        }
        int n = labels.length;
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {n, 28, 28}, new byte[n * 784]);
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) y[i] = (byte) (labels[i] ? 1 : 0);
        TestFiles.uint8(dir.resolve("y.npy"), new long[] {n}, y);
        String first = scores.keySet().iterator().next();
        ResolvedSpec spec = SpecLoader.load(Files.writeString(dir.resolve("spec.yaml"), """
                name: constructed
                dataset: {inputs: x.npy, labels: y.npy, preprocessing: {divide_by: 255, shape: [1, 28, 28]}%s}
                model: {input: image, output: logit}
                target_precision: 0.9
                batch_size: 8
                reference: %s
                %s
                variants:
                %s""".formatted(slices, first, extra, variants(scores))));
        return compare(spec, scores, n, new long[] {n, 28, 28}, info);
    }

    /**
     * A multi-class run made from scores written by hand: {@code classes} scores per sample, row-major, by variant
     * name (the first the reference), and class labels 0..K-1 (null: none).
     *
     * @param extra more spec lines (gates), or ""
     */
    public static EvaluationResult ofClasses(Path dir, Map<String, float[]> scores, int classes, int[] labels,
                                             String extra) throws IOException {
        int n = scores.values().iterator().next().length / classes;
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {n, 4}, new byte[n * 4]);
        String labelKey = "";
        if (labels != null) {
            long[] y = new long[n];
            for (int i = 0; i < n; i++) y[i] = labels[i];
            TestFiles.int64(dir.resolve("y.npy"), new long[] {n}, y);
            labelKey = ", labels: y.npy";
        }
        ResolvedSpec spec = SpecLoader.load(Files.writeString(dir.resolve("spec.yaml"), """
                name: constructed-classes
                dataset: {inputs: x.npy%s, preprocessing: {shape: [4]}}
                model: {input: x, output: logits, score: {classes: %d}}
                target_precision: 0.9
                reference: %s
                %s
                variants:
                %s""".formatted(labelKey, classes, scores.keySet().iterator().next(), extra, variants(scores))));
        return compare(spec, scores, n, new long[] {n, 4}, new SampleInfo(null, null, List.of(), labels));
    }

    /** The tiny test model (never run) under each variant name: the spec's variants: lines. */
    private static String variants(Map<String, float[]> scores) {
        StringBuilder variants = new StringBuilder();
        for (String name : scores.keySet()) {
            variants.append("  - {name: ").append(name).append(", runtime: onnxruntime, artifact: '").append(MODEL)
                    .append("'}\n");
        }
        return variants.toString();
    }

    /** The comparison Parity computes from the given scores, as if scored. */
    private static EvaluationResult compare(ResolvedSpec spec, Map<String, float[]> scores, int n, long[] shape,
                                            SampleInfo info) {
        List<VariantScores> scored = new ArrayList<>();
        Map<String, Path> artifacts = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : scores.entrySet()) {
            scored.add(new VariantScores(e.getKey(), VariantStatus.OK, null, e.getValue(), "test", "test", 1, n));
            artifacts.put(e.getKey(), Path.of(MODEL));
        }
        return Evaluation.compare(spec, new ScoredRun(n, shape, "uint8", info, scored, Map.of(), artifacts, Map.of(),
                0, 1.0, Shard.WHOLE));
    }

    /** n labels, every k-th positive. */
    public static boolean[] labels(int n, int k) {
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i += k) y[i] = true;
        return y;
    }
}
