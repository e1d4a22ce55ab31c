package dev.parity.harness.triton;

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
 */
public record TritonModel(String name, String platform, String modelFile, int maxBatchSize, List<Tensor> inputs,
                          List<Tensor> outputs, long queueDelayUs, int instances, boolean gpu, String trtPrecision) {

    public TritonModel {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** One input or output; {@code dims} exclude the batch dimension when maxBatchSize > 0; -1 is variable. */
    public record Tensor(String name, String dataType, List<Long> dims) {
        public Tensor {
            dims = List.copyOf(dims);
        }
    }

    public static String platformFor(String runtime) {
        return switch (runtime) {
            case "onnxruntime" -> "onnxruntime_onnx";
            case "torchscript" -> "pytorch_libtorch";
            case "tensorrt" -> "tensorrt_plan";
            default -> throw new IllegalArgumentException("runtime '" + runtime + "' has no Triton platform");
        };
    }

    public static String fileFor(String platform) {
        return switch (platform) {
            case "onnxruntime_onnx" -> "model.onnx";
            case "pytorch_libtorch" -> "model.pt";
            case "tensorrt_plan" -> "model.plan";
            default -> throw new IllegalArgumentException(platform);
        };
    }
}
