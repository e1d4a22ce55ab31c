package dev.parity.harness;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.parity.convert.OnnxModels;
import dev.parity.convert.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A multi-class model whose answer is known without training: K Gaussian classes in D dimensions (isotropic, equal
 * spread, seeded centres), and their Bayes-optimal nearest-centre classifier, logit_c = x.mu_c - |mu_c|^2 / 2, as a
 * two-layer ONNX network (x -> Relu(x W1) with W1 = [I, -I] -> Gemm with W2 = [mu; -mu], since x = relu(x) -
 * relu(-x)), so that FP16 and INT8 conversion have layers to convert. Faults are seeded by editing the last layer
 * (two classes' rows swapped). Input "x" [N, D], output "logits" [N, K].
 */
public final class ClassModel {
    public final int d;
    public final int k;
    /** The class centres, [K][D]. */
    public final float[][] centres;

    public ClassModel(int d, int k, long seed, double separation) {
        this.d = d;
        this.k = k;
        Random r = new Random(seed);
        centres = new float[k][d];
        for (float[] c : centres) {
            for (int j = 0; j < d; j++) c[j] = (float) (r.nextGaussian() * separation);
        }
    }

    /** Samples: {@code n} rows of D values, classes in turn (sample i is class i % K), each centre plus N(0, 1). */
    public float[] samples(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = (float) (centres[i % k][j] + r.nextGaussian());
        }
        return x;
    }

    /** The class of each sample of {@link #samples}. */
    public long[] labels(int n) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = i % k;
        return y;
    }

    /** The classifier, with classes {@code a} and {@code b} swapped in its last layer when a != b. */
    public Path write(Path file, int swapA, int swapB) throws IOException {
        float[] w1 = new float[2 * d * d]; // [2D, D] for Gemm with transB: hidden = x W1^T
        for (int j = 0; j < d; j++) {
            w1[j * d + j] = 1;
            w1[(d + j) * d + j] = -1;
        }
        float[] w2 = new float[k * 2 * d]; // [K, 2D], transB
        float[] b2 = new float[k];
        for (int c = 0; c < k; c++) {
            int from = c == swapA ? swapB : c == swapB ? swapA : c;
            float norm = 0;
            for (int j = 0; j < d; j++) {
                w2[c * 2 * d + j] = centres[from][j];
                w2[c * 2 * d + d + j] = -centres[from][j];
                norm += centres[from][j] * centres[from][j];
            }
            b2[c] = -norm / 2;
        }
        GraphProto g = GraphProto.newBuilder().setName("nearest_centre")
                .addInput(tensor("x", d)).addOutput(tensor("logits", k))
                .addInitializer(TensorData.floatTensor("W1", new long[] {2L * d, d}, w1))
                .addInitializer(TensorData.floatTensor("B1", new long[] {2L * d}, new float[2 * d]))
                .addInitializer(TensorData.floatTensor("W2", new long[] {k, 2L * d}, w2))
                .addInitializer(TensorData.floatTensor("B2", new long[] {k}, b2))
                .addNode(gemm("fc1", "x", "W1", "B1", "h"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("h").addOutput("hr"))
                .addNode(gemm("fc2", "hr", "W2", "B2", "logits"))
                .build();
        OnnxModels.write(ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build(), file);
        return file;
    }

    /**
     * The same classifier (no swap) as TorchScript, traced by Python's torch from the same weights: the reference an
     * FP32 ONNX export is cross-checked against. Returns null where no Python with torch is found.
     */
    public Path writeTorchScript(Path file) throws IOException, InterruptedException {
        StringBuilder mu = new StringBuilder("[");
        for (float[] c : centres) {
            mu.append('[');
            for (float v : c) mu.append(Float.toString(v)).append(',');
            mu.append("],");
        }
        mu.append(']');
        String script = String.join("\n",
                "import sys, torch",
                "mu = torch.tensor(" + mu + ", dtype=torch.float32)",
                "d = mu.shape[1]",
                "class NearestCentre(torch.nn.Module):",
                "    def __init__(self):",
                "        super().__init__()",
                "        self.w1 = torch.cat([torch.eye(d), -torch.eye(d)])",
                "        self.w2 = torch.cat([mu, -mu], dim=1)",
                "        self.b2 = -(mu * mu).sum(dim=1) / 2",
                "    def forward(self, x):",
                "        return torch.relu(x @ self.w1.T) @ self.w2.T + self.b2",
                "torch.jit.trace(NearestCentre().eval(), torch.zeros(2, d)).save(sys.argv[1])");
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            Process p;
            try {
                p = new ProcessBuilder(python, "-c", script, file.toString()).redirectErrorStream(true).start();
            } catch (IOException e) {
                continue; // no such interpreter
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() == 0) return file;
            if (!out.contains("No module named 'torch'")) throw new IOException(python + " failed: " + out);
        }
        return null;
    }

    private static NodeProto gemm(String name, String in, String w, String b, String out) {
        return NodeProto.newBuilder().setOpType("Gemm").setName(name).addInput(in).addInput(w).addInput(b)
                .addOutput(out).addAttribute(AttributeProto.newBuilder().setName("transB")
                        .setType(AttributeProto.AttributeType.INT).setI(1)).build();
    }

    private static ValueInfoProto tensor(String name, long width) {
        TensorShapeProto s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
