package dev.parity.runners.selfcheck;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds a probe's ONNX graph (opset 13): one float input "x", named nodes and initializers, one float output.
 * Only what the probes need; Parity's converters have their own graph tools in the convert module.
 */
final class ProbeGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("parity-self-check");
    private int names;

    ProbeGraph(long[] inputShape) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : inputShape) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        graph.addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))));
    }

    /** A fresh tensor name. */
    String fresh(String base) {
        return base + "_" + names++;
    }

    String floats(float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return initializer(TensorProto.DataType.FLOAT_VALUE, b.array(), dims);
    }

    String int8s(byte[] values, long... dims) {
        return initializer(TensorProto.DataType.INT8_VALUE, values, dims);
    }

    String uint8s(byte[] values, long... dims) {
        return initializer(TensorProto.DataType.UINT8_VALUE, values, dims);
    }

    String int32s(int[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return initializer(TensorProto.DataType.INT32_VALUE, b.array(), dims);
    }

    private String initializer(int type, byte[] raw, long... dims) {
        String name = fresh("w");
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) t.addDims(d);
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node and returns its (single) output's name. */
    String node(String op, AttributeProto[] attributes, String... inputs) {
        String out = fresh(op.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
        for (String in : inputs) n.addInput(in);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return out;
    }

    String node(String op, String... inputs) {
        return node(op, new AttributeProto[0], inputs);
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    /** The model with {@code output} as its one float output "y". */
    byte[] model(String output) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("y").addInput(output).addOutput("y"));
        graph.addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("parity-self-check")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(graph)
                .build().toByteArray();
    }
}
