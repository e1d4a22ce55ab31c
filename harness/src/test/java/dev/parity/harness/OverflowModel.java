package dev.parity.harness;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.parity.convert.OnnxModels;
import dev.parity.convert.TensorData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo's FP32 model with the classic FP16 fault seeded in, while computing the same function in FP32: the last
 * residual block's two convolutions (weights and biases) are scaled up by 2^k and the head's weights down by 2^-k.
 * ReLU, the residual Add and global average pooling commute with a positive scale, and a power of two scales a
 * float exactly, so FP32 scores are unchanged; but the pooled activations now exceed 65504, and ONNX Runtime runs
 * the head in float16 (it casts the pooled tensor to float16 before the Gemm), so the FP16 variant Parity makes
 * from this model gives +Inf, -Inf and NaN (Inf - Inf) on most samples: with k = 16, 998 of the first 1,000 demo
 * images.
 */
public final class OverflowModel {
    /** Scale exponent that overflows float16 on nearly every demo image. */
    public static final int LOG2_SCALE = 16;

    private OverflowModel() {
    }

    /** Writes the scaled model; its FP32 outputs equal the demo model's. */
    public static Path write(Path target, int log2Scale) {
        ModelProto m = OnnxModels.read(TestFiles.demoDir().resolve("model.onnx"));
        Map<String, Float> scale = new HashMap<>();
        float up = (float) Math.scalb(1.0, log2Scale), down = (float) Math.scalb(1.0, -log2Scale);
        for (NodeProto n : m.getGraph().getNodeList()) {
            // node names follow the PyTorch module paths of make_demo.py, stabler than initializer names
            if (n.getName().equals("/stage3/conv2/Conv") || n.getName().equals("/stage3/proj/proj.0/Conv")) {
                scale.put(n.getInput(1), up);
                scale.put(n.getInput(2), up);
            } else if (n.getName().equals("/head/Gemm")) {
                scale.put(n.getInput(1), down);
            }
        }
        if (scale.size() != 5) throw new IllegalStateException("the demo model's layout changed: " + scale.keySet());
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            Float s = scale.get(t.getName());
            if (s == null) continue;
            float[] v = TensorData.floats(t);
            for (int j = 0; j < v.length; j++) v[j] *= s;
            long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            g.setInitializer(i, TensorData.floatTensor(t.getName(), dims, v));
        }
        OnnxModels.write(m.toBuilder().setGraph(g).build(), target);
        return target;
    }
}
