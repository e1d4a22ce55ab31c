package dev.parity.harness.spec;

import java.util.List;

/**
 * An evaluation as written in YAML (snake_case keys). Fields are nullable here: defaults and checks live in
 * {@link SpecLoader}, which turns this into a {@link ResolvedSpec}. Unknown keys are rejected on parse.
 *
 * @param threshold fixed operating threshold; when set, target_precision is not used and labels are optional
 * @param threads   intra-op threads per runtime; 0 or absent: the cores divided among the variants scored at once
 * @param workers   variants scored at once, each on its own worker; 0 or absent: one per core
 * @param gates     limits every variant must meet to be recommended, by key: each gate of {@link
 *                  dev.parity.harness.results.GateName} a spec sets, max_agreement_regression, confidence and
 *                  min_slice_size; absent keys take the defaults in {@link Gates}
 */
public record EvalSpec(
        String name,
        DatasetSpec dataset,
        ModelSpec model,
        Double targetPrecision,
        Double threshold,
        Integer batchSize,
        Integer threads,
        Integer workers,
        String reference,
        List<VariantSpec> variants,
        java.util.Map<String, Double> gates,
        String objective) {

    /**
     * Where the samples come from. {@code inputs} is an NPY array (first dimension = sample), a CSV table (one row
     * per sample: {@code features} are the model's inputs, {@code label} and {@code id} columns), a folder of images
     * laid out as {@code <class>/<file>}, or (with {@code path}) a CSV listing image files.
     *
     * @param inputs         NPY file, CSV file, or image folder
     * @param labels         NPY file of ground-truth labels, one per sample (NPY inputs)
     * @param positiveLabel  which label value is the positive class (a class id, a string, or an image folder's
     *                       class name); when absent, labels must be 0/1
     * @param calibration    NPY file of calibration samples for INT8 (same layout and preprocessing as inputs);
     *                       never the evaluation set
     * @param features       CSV: the input columns, in the model's order; absent: every numeric column that is not
     *                       the label, the id or a slice
     * @param label          CSV: the label column
     * @param id             CSV or metadata: a column naming each sample, reported instead of its row number
     * @param path           CSV of images: the column of image paths (relative to the CSV's folder)
     * @param slices         columns (of the CSV, or of {@code metadata}) whose values group samples into slices
     * @param metadata       CSV of per-sample columns for NPY and image datasets, joined by {@code id} when the
     *                       spec names one, else row by row
     * @param skipUnreadable images: skip files that cannot be decoded (counted and reported) instead of stopping
     */
    public record DatasetSpec(String inputs, String labels, String positiveLabel, PreprocessingSpec preprocessing,
                              String calibration, List<String> features, String label, String id, String path,
                              List<String> slices, String metadata, Boolean skipUnreadable) {

        public DatasetSpec(String inputs, String labels, String positiveLabel, PreprocessingSpec preprocessing,
                           String calibration) {
            this(inputs, labels, positiveLabel, preprocessing, calibration, null, null, null, null, null, null, null);
        }
    }

    /**
     * Per sample: for images, decode to {@code color}, {@code resize}, {@code center_crop} (torchvision's
     * semantics); then, optionally, round to whole numbers in 0-255 ({@code round_to_uint8}, what a pipeline that
     * hands uint8 to the model does); then x = (raw / divide_by - mean[c]) / std[c], c the channel (first dimension
     * of {@code shape}), computed in float32, laid out as {@code shape} for the model. {@code shape} may be left out
     * where the data gives it (a CSV's feature count, an image's crop).
     */
    public record PreprocessingSpec(Double divideBy, List<Double> mean, List<Double> std, List<Long> shape,
                                    List<Integer> resize, String resizeInterpolation, List<Integer> centerCrop,
                                    String color, Boolean roundToUint8) {

        public PreprocessingSpec(Double divideBy, List<Double> mean, List<Double> std, List<Long> shape) {
            this(divideBy, mean, std, shape, null, null, null, null, null);
        }
    }

    /**
     * @param input      the model's input tensor name
     * @param inputDtype element type the model takes (default float32)
     * @param output     the output tensor holding the scores
     * @param score      which element of each sample's output is the positive-class score, and its transform
     * @param heads      instead of score: several binary decisions read from the one output, each judged alone
     */
    public record ModelSpec(String input, String inputDtype, String output, ScoreSpec score, List<HeadSpec> heads) {

        public ModelSpec(String input, String inputDtype, String output, ScoreSpec score) {
            this(input, inputDtype, output, score, null);
        }
    }

    /**
     * One binary decision of a multi-head model: its score is element {@code index} of each sample's output (after
     * {@code transform}), judged against its own labels at its own operating point.
     *
     * @param targetPrecision the head's (default: the spec's target_precision)
     * @param threshold       a fixed operating threshold for this head (then its labels are optional)
     * @param labels          NPY inputs: an NPY file of this head's labels
     * @param label           CSV inputs: the column of this head's labels
     * @param positiveLabel   which label value is positive (default: labels are 0/1)
     */
    public record HeadSpec(String name, Integer index, String transform, Double targetPrecision, Double threshold,
                           String labels, String label, String positiveLabel) {
    }

    /**
     * The score a decision is taken on. One positive-class score ({@code index}, binary: positive iff score >=
     * threshold), or every class of a multi-class output ({@code classes} or {@code class_names}: the decision is
     * the top class).
     *
     * @param transform  none (raw output, e.g. a logit), sigmoid, or softmax (over the sample's outputs); for a
     *                   multi-class score applied to each class, and the space drift and per-class thresholds live in
     * @param classes    K, the output's values per sample, when the score is multi-class
     * @param classNames the K classes' names in output order (labels may name them); implies {@code classes}
     * @param topK       multi-class: the k of the top-k figures (default min(5, K))
     */
    public record ScoreSpec(Integer index, String transform, Integer classes, List<String> classNames, Integer topK) {

        public ScoreSpec(Integer index, String transform) {
            this(index, transform, null, null, null);
        }
    }

    /**
     * @param runtime  torchscript, onnxruntime or tensorrt
     * @param artifact the model file; absent when the variant is made by Parity ({@code from} + {@code convert})
     * @param device   cpu, cuda or cuda:N
     * @param from     the variant whose model this one is made from
     * @param convert  how it is made
     * @param informational evaluated, gated and reported, but its failures do not fail the run (a known-bad
     *                      candidate a team watches) and it is never shipped
     * @param preprocessing keys that differ from the dataset's for this variant (e.g. another resize
     *                      interpolation), to see what a serving pipeline's preprocessing does to the verdicts
     * @param required  the run fails when this variant cannot be evaluated (unavailable, or failed mid-run);
     *                  default true for served variants, false for local ones
     */
    public record VariantSpec(String name, String runtime, String artifact, String device, String from,
                              ConvertSpec convert, ServerSpec server, PreprocessingSpec preprocessing,
                              Boolean informational, HostSpec host, Integer batchSize, Boolean required) {

        public VariantSpec(String name, String runtime, String artifact, String device, String from,
                           ConvertSpec convert, ServerSpec server) {
            this(name, runtime, artifact, device, from, convert, server, null, null, null, null, null);
        }
    }

    /**
     * Where a variant runs, as an axis of the comparison: the same model on an older fleet is another variant.
     *
     * @param cpuIsa the instruction set libtorch's oneDNN is held to (oneDNN's names: avx2, avx512_core, sse41, ...)
     */
    public record HostSpec(String cpuIsa) {
    }

    /**
     * A model served over KServe v2 HTTP or gRPC (runtime kserve-http or kserve-grpc), e.g. by Triton.
     *
     * @param tlsCa          PEM file of certificate authorities to trust for https/grpcs, relative to the spec
     * @param input          the input's name on the server when it differs from model.input (e.g. INPUT__0)
     * @param output         the output's name on the server when it differs from model.output (e.g. OUTPUT__0)
     * @param headersFromEnv request headers whose values are read from environment variables (header -> variable),
     *                       so that tokens never appear in specs, logs or outputs
     */
    public record ServerSpec(String url, String model, String version, Boolean binary, Integer concurrency,
                             Integer requestBatch, Integer timeoutMs, Integer retries,
                             java.util.Map<String, String> headersFromEnv, String tlsCa, String input,
                             String output) {
    }

    /**
     * How Parity makes a variant from another one's ONNX model.
     *
     * @param precision            fp16 or int8
     * @param keepIoTypes          fp16: keep inputs/outputs float32 (default true)
     * @param blockOps             fp16: extra op types kept float32 (added to the default list)
     * @param blockNodes           fp16: node names kept float32
     * @param target               int8: tensorrt or onnxruntime-cpu (default onnxruntime-cpu)
     * @param calibration          int8: minmax, percentile or entropy (default percentile)
     * @param percentile           int8 percentile method: percentile of |x| kept (default 99.99)
     * @param excludeOps           int8: op types kept float32
     * @param excludeNodes         int8: node names kept float32
     * @param forceEvalCalibration int8: allow calibrating on the evaluation set (it flatters the result)
     * @param workspaceMb          tensorrt: builder workspace limit in MB (default 1024)
     */
    public record ConvertSpec(String precision, Boolean keepIoTypes, List<String> blockOps, List<String> blockNodes,
                              String target, String calibration, Double percentile, List<String> excludeOps,
                              List<String> excludeNodes, Boolean forceEvalCalibration, Integer workspaceMb) {
    }
}
