package dev.parity.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.results.Json;
import dev.parity.harness.spec.EvalSpec;
import dev.parity.harness.spec.SpecWriter;
import dev.parity.runners.RuntimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The starter spec of an export-torch folder, from what the Python helper found (export.json: the model's input and
 * output names, the score guess, the data and columns it was given): written by the one spec writer, with the
 * placeholders and guesses said in comments.
 */
final class ExportedSpec {
    /** What the helper leaves in the staged folder; read, then removed. */
    static final String FACTS = "export.json";
    static final String SPEC = "eval.yaml";
    private static final String ONNX = RuntimeKind.ONNXRUNTIME.label();

    private ExportedSpec() {
    }

    /** Writes eval.yaml next to the helper's facts, and removes them. */
    static void write(Path staged) throws IOException {
        Path factsFile = staged.resolve(FACTS);
        JsonNode f = Json.MAPPER.readTree(factsFile.toFile());
        Files.writeString(staged.resolve(SPEC), text(f));
        Files.delete(factsFile);
    }

    static String text(JsonNode f) {
        SpecWriter w = new SpecWriter()
                .header("Parity spec written by parity export-torch from " + f.path("model_class").asText() + " and "
                        + f.path("weights").asText() + ".")
                .header("Check the dataset lines and the score before trusting a run.");
        List<Long> shape = new ArrayList<>();
        f.path("shape").forEach(d -> shape.add(d.asLong()));
        String inputs = text(f, "inputs");
        if (inputs == null) {
            inputs = "CHANGE-ME.npy";
            w.comment("dataset.inputs", "NPY [N, " + String.join(", ", shape.stream().map(String::valueOf).toList())
                    + "], a CSV or an image folder");
        }
        JsonNode table = f.path("table");
        String labels = text(f, "labels"), label = null, id = null;
        List<String> features = null;
        if (table.isObject()) {
            label = text(table, "label");
            id = text(table, "id");
            if (id != null) w.comment("dataset.id", "names samples in reports");
            features = strings(table.path("features"));
        } else if (labels == null) {
            labels = "CHANGE-ME-labels.npy";
            w.comment("dataset.labels", "0/1 per sample");
        }
        String calibration = text(f, "calibration");
        if (calibration != null) w.comment("dataset.calibration", "training-split samples for INT8 ranges");
        var pre = new EvalSpec.PreprocessingSpec(f.path("divide_by").isNumber() ? f.path("divide_by").asDouble() : null,
                doubles(f.path("mean")), doubles(f.path("std")), shape);
        var dataset = new EvalSpec.DatasetSpec(inputs, labels, text(f, "positive_label"), pre, calibration, features,
                label, id, null, null, null, null);
        JsonNode score = f.path("score");
        w.comment("model.score", score.path("why").asText());
        var model = new EvalSpec.ModelSpec(text(f, "input"), null, text(f, "output"),
                new EvalSpec.ScoreSpec(score.path("index").asInt(), score.path("transform").asText()));
        List<EvalSpec.VariantSpec> variants = new ArrayList<>(List.of(
                new EvalSpec.VariantSpec("pytorch", RuntimeKind.TORCHSCRIPT.label(), "model.pt", null, null, null, null),
                new EvalSpec.VariantSpec("onnx-fp32", ONNX, "model.onnx", null, null, null, null),
                made("onnx-fp16", "fp16")));
        if (calibration != null) variants.add(made("onnx-int8", "int8"));
        return w.write(new EvalSpec(text(f, "name"), dataset, model, 0.9, null, 64, null, null, "pytorch", variants,
                null, null));
    }

    private static EvalSpec.VariantSpec made(String name, String precision) {
        return new EvalSpec.VariantSpec(name, ONNX, null, null, "onnx-fp32", new EvalSpec.ConvertSpec(precision, null,
                null, null, null, null, null, null, null, null, null), null);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.path(key);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static List<String> strings(JsonNode a) {
        if (!a.isArray()) return null;
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static List<Double> doubles(JsonNode a) {
        if (!a.isArray()) return null;
        List<Double> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asDouble()));
        return out;
    }
}
