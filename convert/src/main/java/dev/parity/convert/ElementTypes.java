package dev.parity.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The element type of every tensor in a graph, from declared types (inputs, outputs, value_info, initializers)
 * and, for the rest, simple per-op rules. Most ONNX ops output the type of their first input; the exceptions
 * that matter for precision conversion (Cast, Shape, comparisons, index outputs, quantization) are listed.
 * Types are ONNX's TensorProto.DataType numbers; 0 means unknown.
 */
public final class ElementTypes {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int BOOL = TensorProto.DataType.BOOL_VALUE;
    static final int UINT8 = TensorProto.DataType.UINT8_VALUE;

    private static final Set<String> BOOL_OUT = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "Not", "And", "Or", "Xor", "IsNaN", "IsInf");
    private static final Set<String> INT64_OUT = Set.of("Shape", "Size", "ArgMax", "ArgMin", "NonZero");

    private ElementTypes() {
    }

    public static Map<String, Integer> infer(GraphProto g) {
        Map<String, Integer> types = new HashMap<>();
        for (ValueInfoProto v : g.getInputList()) put(types, v);
        for (ValueInfoProto v : g.getValueInfoList()) put(types, v);
        for (ValueInfoProto v : g.getOutputList()) put(types, v);
        for (TensorProto t : g.getInitializerList()) types.put(t.getName(), t.getDataType());
        for (NodeProto n : g.getNodeList()) {
            for (int i = 0; i < n.getOutputCount(); i++) {
                String out = n.getOutput(i);
                if (out.isEmpty() || types.getOrDefault(out, 0) != 0) continue;
                types.put(out, rule(n, i, types));
            }
        }
        return types;
    }

    private static int rule(NodeProto n, int outputIndex, Map<String, Integer> types) {
        String op = n.getOpType();
        if (op.equals("Cast")) return intAttr(n, "to", 0);
        if (op.equals("CastLike")) return types.getOrDefault(input(n, 1), 0);
        if (BOOL_OUT.contains(op)) return BOOL;
        if (INT64_OUT.contains(op)) return INT64;
        if (op.equals("TopK") && outputIndex == 1) return INT64;
        if ((op.equals("MaxPool") || op.equals("MaxUnpool")) && outputIndex == 1) return INT64;
        if (op.equals("DequantizeLinear")) return FLOAT;
        if (op.equals("QuantizeLinear")) {
            String zp = input(n, 2);
            return zp.isEmpty() ? UINT8 : types.getOrDefault(zp, UINT8);
        }
        if (op.equals("Constant")) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("value")) return a.getT().getDataType();
                if (a.getName().startsWith("value_float")) return FLOAT;
                if (a.getName().startsWith("value_int")) return INT64;
            }
            return 0;
        }
        if (op.equals("ConstantOfShape")) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("value")) return a.getT().getDataType();
            }
            return FLOAT;
        }
        if (op.equals("EyeLike") || op.startsWith("Random")) {
            int dtype = intAttr(n, "dtype", 0);
            if (dtype != 0) return dtype;
            return op.endsWith("Like") ? types.getOrDefault(input(n, 0), 0) : FLOAT;
        }
        return types.getOrDefault(input(n, 0), 0);
    }

    private static String input(NodeProto n, int i) {
        return i < n.getInputCount() ? n.getInput(i) : "";
    }

    static int intAttr(NodeProto n, String name, int dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) return (int) a.getI();
        }
        return dflt;
    }

    private static void put(Map<String, Integer> types, ValueInfoProto v) {
        if (v.hasType() && v.getType().hasTensorType()) {
            int t = v.getType().getTensorType().getElemType();
            if (t != 0) types.put(v.getName(), t);
        }
    }
}
