package dev.parity.harness.triton;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.OutputFolder;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.spec.ResolvedSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one variant into a Triton model repository: {@code <model>/config.pbtxt}, {@code <model>/1/model.<ext>}
 * and {@code <model>/README.md} with the threshold the variant ships with (Triton ignores the README). The config
 * is parsed back against Triton's schema before anything is written; the model's folder appears all at once or
 * not at all, replacing an earlier export of the same model and leaving the repository's other models alone.
 */
public final class TritonExport {
    private TritonExport() {
    }

    /**
     * @param modelName     the model's name on the server
     * @param maxBatchSize  for models with a variable first dimension (0: no batching)
     * @param instances     instances in the instance group
     * @param gpu           KIND_GPU instead of KIND_CPU
     * @param trtPrecision  null, FP32 or FP16: the ONNX Runtime backend's TensorRT accelerator (GPU only)
     * @param queueDelayUs  dynamic batching's queue delay
     */
    public record Options(String modelName, int maxBatchSize, int instances, boolean gpu, String trtPrecision,
                          long queueDelayUs) {
    }

    /** A classifier's class names, one per line in output order: the first output's label_filename. */
    static final String LABELS = "labels.txt";

    /** What was written, for the command to print; {@code folder} is the model's folder in the repository. */
    public record Written(Path folder, TritonModel model, String config, double threshold) {
    }

    /**
     * @param artifact        the variant's model file (for a made variant, the made file)
     * @param sourceOnnx      for a TensorRT engine: the ONNX it was built from (its I/O), else null
     * @param shipped         the threshold from an evaluation run, or null when {@code explicitThreshold} is given
     */
    public static Written write(ResolvedSpec spec, ResolvedSpec.Variant variant, Path artifact, Path sourceOnnx,
                                ShippedThreshold shipped, Double explicitThreshold, Options o, Path out)
            throws IOException {
        if (spec.multiHead() && explicitThreshold != null) {
            throw new ParityInputException("--threshold: the spec's model has " + spec.scoreWidth() + " heads, each "
                    + "with its own threshold; they are taken from the evaluation run (--run)");
        }
        if (spec.multiClass() && explicitThreshold != null) {
            throw new ParityInputException("--threshold: the spec's score is multi-class (" + spec.scoreWidth()
                    + " classes), whose decision is each sample's top class; a classifier ships no threshold");
        }
        if (variant.remote()) {
            throw new ParityInputException("variant '" + variant.name() + "' is served (" + variant.runtime()
                    + "); export a local variant, the one whose model file Triton should load");
        }
        TritonModel.Platform platform = TritonModel.Platform.of(variant.runtime());
        if (o.trtPrecision() != null && (platform != TritonModel.Platform.ONNXRUNTIME_ONNX || !o.gpu())) {
            throw new ParityInputException("--trt-accelerator applies to ONNX models on GPU instances (--kind gpu); "
                    + "variant '" + variant.name() + "' is " + platform.label() + " on " + (o.gpu() ? "GPU" : "CPU"));
        }
        ModelIo io = switch (platform) {
            case ONNXRUNTIME_ONNX -> ModelIo.fromOnnx(artifact, o.maxBatchSize());
            case TENSORRT_PLAN -> {
                if (sourceOnnx == null) {
                    throw new ParityInputException("variant '" + variant.name() + "' is a TensorRT engine given as a "
                            + "file; its inputs and outputs are read from the ONNX it is built from, so export a "
                            + "variant made with 'from' + 'convert'");
                }
                yield ModelIo.fromOnnx(sourceOnnx, o.maxBatchSize());
            }
            case PYTORCH_LIBTORCH -> ModelIo.forTorchScript(artifact, spec.contract(), o.maxBatchSize());
        };
        String sha = Hashing.sha256(artifact);
        if (shipped != null && explicitThreshold == null && shipped.artifactSha256() != null
                && !shipped.artifactSha256().equals(sha)) {
            throw new ParityInputException(shipped.summary() + ": the run evaluated a different file for '"
                    + variant.name() + "' (SHA-256 " + shipped.artifactSha256() + ") than the one to export ("
                    + artifact + ", " + sha + "); run 'parity eval' again, or give --threshold");
        }
        TritonModel model = new TritonModel(o.modelName(), platform.label(), platform.modelFile(), io.maxBatchSize(),
                io.inputs(), io.outputs(), o.queueDelayUs(), o.instances(), o.gpu(), o.trtPrecision(),
                spec.multiClass() ? LABELS : null);
        String config = ConfigPbtxt.render(model);
        ConfigCheck.verify(config, model);
        Path modelDir = out.resolve(model.name());
        try (OutputFolder folder = new OutputFolder(modelDir, "--out (model folder)")) {
            folder.write("config.pbtxt", config);
            if (spec.multiClass()) folder.write(LABELS, String.join("\n", spec.classes().names()) + "\n");
            folder.copy(artifact, "1/" + model.modelFile());
            folder.write("README.md", RepositoryReadme.render(model, spec, variant, sha, shipped, explicitThreshold));
            folder.commit();
        }
        return new Written(modelDir, model, config, explicitThreshold != null ? explicitThreshold
                : shipped != null ? shipped.threshold() : Double.NaN);
    }
}
