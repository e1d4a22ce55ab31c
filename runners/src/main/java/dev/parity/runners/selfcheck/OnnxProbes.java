package dev.parity.runners.selfcheck;

import static dev.parity.runners.selfcheck.ProbeGraph.integer;
import static dev.parity.runners.selfcheck.ProbeGraph.ints;
import static dev.parity.runners.selfcheck.ProbeGraph.real;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parity.runners.OnnxRuntimeRunner;
import dev.parity.runners.selfcheck.ProbeNet.AvgPool;
import dev.parity.runners.selfcheck.ProbeNet.BatchNorm;
import dev.parity.runners.selfcheck.ProbeNet.Conv;
import dev.parity.runners.selfcheck.ProbeNet.Flatten;
import dev.parity.runners.selfcheck.ProbeNet.Layer;
import dev.parity.runners.selfcheck.ProbeNet.Linear;
import dev.parity.runners.selfcheck.ProbeNet.MaxPool;
import dev.parity.runners.selfcheck.ProbeNet.Relu;
import dev.parity.runners.selfcheck.ProbeNet.Residual;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * The probes through ONNX Runtime's CPU kernels, each built as an ONNX graph and run with the session options every
 * variant gets; plus INT8 QDQ probes (a Conv and a MatMul with uint8 activations and int8 weights) whose fused
 * integer kernels ONNX Runtime picks by CPU (VNNI, AMX), with results Parity computes exactly in integers.
 */
final class OnnxProbes implements ProbeRuntime {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();

    @Override
    public String version() {
        return "onnxruntime " + env.getVersion();
    }

    @Override
    public float[] forward(ProbeNet net) {
        ProbeGraph g = new ProbeGraph(net.shape());
        String x = "x";
        for (Layer l : net.layers()) x = add(g, l, x);
        return run(g.model(x), net.input(), net.shape());
    }

    private static String add(ProbeGraph g, Layer layer, String x) {
        if (layer instanceof Conv c) {
            String w = g.floats(c.weight(), c.out(), c.in() / c.groups(), c.k(), c.k());
            return g.node("Conv", new AttributeProto[] {ints("kernel_shape", c.k(), c.k()),
                    ints("strides", c.stride(), c.stride()), ints("pads", c.pad(), c.pad(), c.pad(), c.pad()),
                    integer("group", c.groups())}, x, w, g.floats(c.bias(), c.out()));
        }
        if (layer instanceof BatchNorm b) {
            int ch = b.gamma().length;
            return g.node("BatchNormalization", new AttributeProto[] {real("epsilon", b.eps())}, x,
                    g.floats(b.gamma(), ch), g.floats(b.beta(), ch), g.floats(b.mean(), ch), g.floats(b.var(), ch));
        }
        if (layer instanceof Relu) return g.node("Relu", x);
        if (layer instanceof MaxPool p) {
            return g.node("MaxPool", new AttributeProto[] {ints("kernel_shape", p.k(), p.k()),
                    ints("strides", p.stride(), p.stride())}, x);
        }
        if (layer instanceof AvgPool p) {
            return g.node("AveragePool", new AttributeProto[] {ints("kernel_shape", p.k(), p.k()),
                    ints("strides", p.stride(), p.stride())}, x);
        }
        if (layer instanceof Flatten) return g.node("Flatten", new AttributeProto[] {integer("axis", 1)}, x);
        if (layer instanceof Linear l) {
            return g.node("Gemm", new AttributeProto[] {integer("transB", 1)}, x, g.floats(l.weight(), l.out(), l.in()),
                    g.floats(l.bias(), l.out()));
        }
        String body = x;
        for (Layer inner : ((Residual) layer).body()) body = add(g, inner, body);
        return g.node("Add", x, body);
    }

    private float[] run(byte[] model, float[] input, long[] shape) {
        try (OrtSession.SessionOptions options = OnnxRuntimeRunner.cpuOptions(1);
             OrtSession session = env.createSession(model, options);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = session.run(Map.of("x", x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] y = new float[out.remaining()];
            out.get(y);
            return y;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** The INT8 probes, each compared with its exact integer result. */
    List<ProbeOutcome> int8Outcomes() {
        return List.of(int8(Int8Probe.conv(1)), int8(Int8Probe.conv(8)), int8(Int8Probe.matMul(1)),
                int8(Int8Probe.matMul(32)));
    }

    private ProbeOutcome int8(Int8Probe p) {
        float[] got;
        try {
            got = run(p.model(), p.input(), p.shape());
        } catch (RuntimeException e) {
            return new ProbeOutcome(p.name() + " (failed: " + e.getMessage() + ")", Double.POSITIVE_INFINITY, 0, 0);
        }
        return Int8Probe.compare(p.name(), got, p.expected(), p.outputScale());
    }
}
