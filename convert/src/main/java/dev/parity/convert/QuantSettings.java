package dev.parity.convert;

import java.util.Locale;
import java.util.Set;

/**
 * How to make a static INT8 QDQ model.
 *
 * @param target       which runtime the Q/DQ placement and activation type are for
 * @param method       how activation ranges are taken from the calibration statistics
 * @param percentile   for {@link Method#PERCENTILE}: the percentile of |x| kept, e.g. 99.99
 * @param excludeOps   op types kept in float32
 * @param excludeNodes node names kept in float32
 */
public record QuantSettings(Target target, Method method, double percentile, Set<String> excludeOps,
                            Set<String> excludeNodes) {

    public QuantSettings {
        excludeOps = Set.copyOf(excludeOps);
        excludeNodes = Set.copyOf(excludeNodes);
        if (method == Method.PERCENTILE && !(percentile > 50 && percentile <= 100)) {
            throw new ConversionException("calibration percentile must be in (50, 100], found " + percentile);
        }
    }

    /**
     * TENSORRT: symmetric int8 activations (zero point 0) and Q/DQ on the inputs of quantized ops, as TensorRT's
     * explicit quantization expects. ONNXRUNTIME_CPU: uint8 activations with their own zero point and Q/DQ on
     * inputs and outputs, so that ONNX Runtime's x86 kernels fuse them into QLinearConv and friends; ReLUs
     * after quantized ops are folded into the output quantization (a zero point at the bottom of the range
     * clamps like a ReLU).
     */
    public enum Target {
        TENSORRT, ONNXRUNTIME_CPU;

        public static Target parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "tensorrt" -> TENSORRT;
                case "onnxruntime-cpu", "onnxruntime_cpu", "ort-cpu" -> ONNXRUNTIME_CPU;
                default -> throw new ConversionException("int8 target '" + s + "' is not one of: tensorrt, onnxruntime-cpu");
            };
        }

        public String label() {
            return this == TENSORRT ? "tensorrt" : "onnxruntime-cpu";
        }
    }

    public enum Method {
        MINMAX, PERCENTILE, ENTROPY;

        public static Method parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "minmax", "min-max", "max" -> MINMAX;
                case "percentile" -> PERCENTILE;
                case "entropy", "kl" -> ENTROPY;
                default -> throw new ConversionException("calibration method '" + s
                        + "' is not one of: minmax, percentile, entropy");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
