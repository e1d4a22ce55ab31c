package dev.parity.harness.spec;

import dev.parity.convert.Fp16Settings;
import dev.parity.convert.QuantSettings;

/**
 * A checked {@code convert:} block: exactly one of the three makers applies.
 *
 * @param fp16                 settings when an ONNX model is converted to FP16
 * @param int8                 settings when an ONNX model is quantized to INT8 QDQ
 * @param engine               settings when a TensorRT engine is built from an ONNX model
 * @param forceEvalCalibration calibrating on the evaluation set was explicitly allowed
 */
public record Conversion(Fp16Settings fp16, QuantSettings int8, EngineSettings engine, boolean forceEvalCalibration) {

    /** A TensorRT engine build: {@code int8} for explicit quantization from a QDQ model, else FP16. */
    public record EngineSettings(boolean int8, boolean fp16, int workspaceMb) {
    }

    public String kind() {
        return fp16 != null ? "fp16" : int8 != null ? "int8-qdq" : "tensorrt-engine";
    }
}
