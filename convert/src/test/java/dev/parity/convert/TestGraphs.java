package dev.parity.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds small ONNX graphs by hand and runs models with ONNX Runtime, for converter tests. */
final class TestGraphs {
    private TestGraphs() {
    }

    static Path demo(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("datasets/fashion-mnist-coat").resolve(name);
            if (Files.isRegularFile(f)) return f;
            p = p.getParent();
        }
        throw new IllegalStateException("demo file " + name + " not found");
    }

    static ValueInfoProto tensor(String name, int elemType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static NodeProto node(String op, String name, String[] inputs, String[] outputs, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name);
        for (String i : inputs) b.addInput(i);
        for (String o : outputs) b.addOutput(o);
        for (AttributeProto a : attrs) b.addAttribute(a);
        return b.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) b.addInts(x);
        return b.build();
    }

    static ModelProto model(GraphProto.Builder graph, long opset) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("parity-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph.setName("g")).build();
    }

    /** Runs a single-input single-output model on float32 data of the given shape. */
    static float[] run(ModelProto model, String input, float[] data, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model.toByteArray(), o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                 OrtSession.Result r = s.run(Map.of(input, t))) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                FloatBuffer fb = out.getFloatBuffer();
                float[] res = new float[fb.remaining()];
                fb.get(res);
                return res;
            }
        }
    }

    /** Deterministic inputs in the range the demo's preprocessing gives. */
    static float[] demoInputs(int n) {
        float[] data = new float[n * 784];
        java.util.Random rnd = new java.util.Random(11);
        for (int i = 0; i < data.length; i++) data[i] = (rnd.nextInt(256) / 255f - 0.286f) / 0.353f;
        return data;
    }
}
