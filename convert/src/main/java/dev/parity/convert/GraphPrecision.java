package dev.parity.convert;

import java.nio.file.Path;
import java.util.Set;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * What precision an ONNX graph computes in, read from the graph itself, so that a model quantized or converted
 * elsewhere (not by Parity) is labelled for what it holds: INT8 when it has quantize/dequantize or integer
 * kernels, FP16 when it has float16 weights, edges or casts, FP32 otherwise.
 */
public enum GraphPrecision {
    FP32, FP16, INT8;

    /** Quantization as ONNX Runtime's quantizer and others write it (QDQ format and QOperator format). */
    private static final Set<String> INT8_OPS = Set.of("QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear",
            "QLinearConv", "QLinearMatMul", "QLinearAdd", "QLinearMul", "QLinearGlobalAveragePool", "MatMulInteger",
            "ConvInteger", "DynamicQuantizeMatMul", "QAttention");

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static GraphPrecision of(Path file) {
        return of(OnnxModels.read(file));
    }

    public static GraphPrecision of(ModelProto model) {
        return of(model.getGraph());
    }

    private static GraphPrecision of(GraphProto graph) {
        boolean fp16 = false;
        for (NodeProto n : graph.getNodeList()) {
            if (INT8_OPS.contains(n.getOpType())) return INT8;
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    GraphPrecision inner = of(a.getG());
                    if (inner == INT8) return INT8;
                    fp16 |= inner == FP16;
                }
                if (n.getOpType().equals("Cast") && a.getName().equals("to")
                        && a.getI() == TensorProto.DataType.FLOAT16_VALUE) {
                    fp16 = true;
                }
            }
        }
        for (TensorProto t : graph.getInitializerList()) {
            fp16 |= t.getDataType() == TensorProto.DataType.FLOAT16_VALUE;
        }
        for (ValueInfoProto v : graph.getInputList()) fp16 |= isHalf(v);
        for (ValueInfoProto v : graph.getOutputList()) fp16 |= isHalf(v);
        return fp16 ? FP16 : FP32;
    }

    private static boolean isHalf(ValueInfoProto v) {
        return v.getType().hasTensorType()
                && v.getType().getTensorType().getElemType() == TensorProto.DataType.FLOAT16_VALUE;
    }
}
