package dev.parity.harness.spec;

import java.util.List;

/**
 * An evaluation as written in YAML (snake_case keys). Fields are nullable here: defaults and checks live in
 * {@link SpecLoader}, which turns this into a {@link ResolvedSpec}. Unknown keys are rejected on parse.
 *
 * @param threshold fixed operating threshold; when set, target_precision is not used and labels are optional
 */
public record EvalSpec(
        String name,
        DatasetSpec dataset,
        ModelSpec model,
        Double targetPrecision,
        Double threshold,
        Integer batchSize,
        Integer threads,
        String reference,
        List<VariantSpec> variants) {

    /**
     * @param inputs        NPY file of samples, first dimension = sample
     * @param labels        NPY file of ground-truth labels, one per sample
     * @param positiveLabel which label value is the positive class; when absent, labels must be 0/1
     */
    public record DatasetSpec(String inputs, String labels, Long positiveLabel, PreprocessingSpec preprocessing) {
    }

    /**
     * Per sample: x = (raw / divide_by - mean[c]) / std[c], c the channel (first dimension of {@code shape}),
     * computed in float32, then laid out as {@code shape} for the model.
     */
    public record PreprocessingSpec(Double divideBy, List<Double> mean, List<Double> std, List<Long> shape) {
    }

    /**
     * @param input      the model's input tensor name
     * @param inputDtype element type the model takes (default float32)
     * @param output     the output tensor holding the scores
     * @param score      which element of each sample's output is the positive-class score, and its transform
     */
    public record ModelSpec(String input, String inputDtype, String output, ScoreSpec score) {
    }

    /** @param transform none (raw output, e.g. a logit), sigmoid, or softmax (over the sample's outputs) */
    public record ScoreSpec(Integer index, String transform) {
    }

    /** @param runtime torchscript or onnxruntime; @param device cpu, cuda or cuda:N */
    public record VariantSpec(String name, String runtime, String artifact, String device) {
    }
}
