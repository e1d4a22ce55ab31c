package dev.parity.harness.triton;

import dev.parity.runners.RuntimeKind;
import java.util.List;

/**
 * What Parity writes into a Triton model configuration, in Parity's own terms; {@link ConfigPbtxt} renders it and
 * {@link ConfigCheck} parses the text back against Triton's schema and compares it with this.
 *
 * @param platform      onnxruntime_onnx, pytorch_libtorch or tensorrt_plan
 * @param modelFile     the file name inside the version folder (model.onnx, model.pt, model.plan)
 * @param maxBatchSize  0 when the model has a fixed first dimension (dims then include it)
 * @param queueDelayUs  dynamic batching's max_queue_delay_microseconds (only when maxBatchSize > 0)
 * @param gpu           instance kind: KIND_GPU when true, KIND_CPU otherwise
 * @param trtPrecision  ONNX on GPU only: the TensorRT execution accelerator's precision_mode (FP32 or FP16), or null
 * @param labelFile     a classifier's: the file in the model folder naming its classes, one per line in output order,
 *                      as the first output's label_filename (Triton's classification extension reads it); else null
 */
public record TritonModel(String name, String platform, String modelFile, int maxBatchSize, List<Tensor> inputs,
                          List<Tensor> outputs, long queueDelayUs, int instances, boolean gpu, String trtPrecision,
                          String labelFile) {

    public TritonModel {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public TritonModel(String name, String platform, String modelFile, int maxBatchSize, List<Tensor> inputs,
                       List<Tensor> outputs, long queueDelayUs, int instances, boolean gpu, String trtPrecision) {
        this(name, platform, modelFile, maxBatchSize, inputs, outputs, queueDelayUs, instances, gpu, trtPrecision,
                null);
    }

    /** One input or output; {@code dims} exclude the batch dimension when maxBatchSize > 0; -1 is variable. */
    public record Tensor(String name, String dataType, List<Long> dims) {
        public Tensor {
            dims = List.copyOf(dims);
        }
    }

    /** Triton's backends for the local runtimes, with the file name each loads from a version folder. */
    public enum Platform {
        ONNXRUNTIME_ONNX("onnxruntime_onnx", "model.onnx"),
        PYTORCH_LIBTORCH("pytorch_libtorch", "model.pt"),
        TENSORRT_PLAN("tensorrt_plan", "model.plan");

        private final String label;
        private final String modelFile;

        Platform(String label, String modelFile) {
            this.label = label;
            this.modelFile = modelFile;
        }

        /** As config.pbtxt spells it. */
        public String label() {
            return label;
        }

        public String modelFile() {
            return modelFile;
        }

        /** The backend that serves a local runtime's model files; served variants have none. */
        public static Platform of(RuntimeKind runtime) {
            return switch (runtime) {
                case ONNXRUNTIME -> ONNXRUNTIME_ONNX;
                case TORCHSCRIPT -> PYTORCH_LIBTORCH;
                case TENSORRT -> TENSORRT_PLAN;
                case KSERVE_HTTP, KSERVE_GRPC -> throw new IllegalArgumentException("a served variant (" + runtime
                        + ") has no model file for Triton to load");
            };
        }
    }
}
