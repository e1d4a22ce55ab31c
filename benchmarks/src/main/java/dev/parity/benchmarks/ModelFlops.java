package dev.parity.benchmarks;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parity.convert.OnnxModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * FLOPs per sample of an FP32 ONNX model's Conv, Gemm and MatMul nodes (a multiply-add counts 2). Output shapes
 * are not guessed: the model is run once on one zero sample with those nodes' outputs exposed, and the real
 * shapes are read back.
 */
public final class ModelFlops {
    private ModelFlops() {
    }

    public static long perSample(Path onnx, String inputName, long[] sampleShape) {
        ModelProto model = OnnxModels.read(onnx);
        GraphProto g = model.getGraph();
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        Set<String> outputs = new HashSet<>();
        GraphProto.Builder exposed = g.toBuilder();
        Set<String> existing = new HashSet<>();
        g.getOutputList().forEach(v -> existing.add(v.getName()));
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Conv") || n.getOpType().equals("Gemm") || n.getOpType().equals("MatMul")) {
                outputs.add(n.getOutput(0));
                if (!existing.contains(n.getOutput(0))) {
                    exposed.addOutput(ValueInfoProto.newBuilder().setName(n.getOutput(0)).setType(TypeProto.newBuilder()
                            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
                }
            }
        }
        Map<String, long[]> shapes = outputShapes(model.toBuilder().setGraph(exposed).build(), inputName, sampleShape,
                outputs);
        long flops = 0;
        for (NodeProto n : g.getNodeList()) {
            long[] out = shapes.get(n.getOutput(0));
            if (out == null) continue;
            long outElements = 1;
            for (long d : out) outElements *= d;
            switch (n.getOpType()) {
                case "Conv" -> {
                    TensorProto w = inits.get(n.getInput(1));
                    if (w == null) continue;
                    long perOutput = 1;
                    for (int i = 1; i < w.getDimsCount(); i++) perOutput *= w.getDims(i); // Cin/group x kh x kw
                    flops += 2 * outElements * perOutput;
                }
                case "Gemm" -> {
                    TensorProto b = inits.get(n.getInput(1));
                    if (b == null) continue;
                    long k = intAttr(n, "transB") == 1 ? b.getDims(1) : b.getDims(0);
                    flops += 2 * outElements * k;
                }
                case "MatMul" -> {
                    TensorProto b = inits.get(n.getInput(1));
                    if (b == null || b.getDimsCount() < 2) continue;
                    flops += 2 * outElements * b.getDims(b.getDimsCount() - 2);
                }
                default -> { }
            }
        }
        return flops;
    }

    private static Map<String, long[]> outputShapes(ModelProto model, String inputName, long[] sampleShape,
                                                    Set<String> wanted) {
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = 1;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        int n = 1;
        for (long d : sampleShape) n *= (int) d;
        Map<String, long[]> out = new HashMap<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(model.toByteArray(), o);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[n]), shape);
                 OrtSession.Result r = s.run(Map.of(inputName, in), wanted)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    out.put(e.getKey(), ((OnnxTensor) e.getValue()).getInfo().getShape());
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot run the model to count its FLOPs: " + e.getMessage(), e);
        }
        return out;
    }

    private static long intAttr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getI();
        return 0;
    }
}
