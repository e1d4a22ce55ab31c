package dev.parity.runners.selfcheck;

import static dev.parity.runners.selfcheck.ProbeGraph.integer;
import static dev.parity.runners.selfcheck.ProbeGraph.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.SplittableRandom;

/**
 * An INT8 QDQ probe whose answer is exact: inputs are whole multiples of a power-of-two scale (so quantizing them is
 * exact), weights are int8 in [-63, 63] (so no CPU's 16-bit pairwise sums can saturate: 2 x 255 x 63 < 32767), and
 * every scale is a power of two, so the requantization multiplier is exact too. The output is then the integer
 * accumulator times the multiplier, rounded half to even and saturated to uint8: nothing left to rounding but ties,
 * which may go either way; one quantum is allowed.
 *
 * @param expected the dequantized outputs Parity computes
 * @param outputScale the output's quantum
 */
record Int8Probe(String name, byte[] model, long[] shape, float[] input, double[] expected, double outputScale) {
    static final float X_SCALE = 1f / 64, W_SCALE = 1f / 128, Y_SCALE = 1f / 16;
    static final int ZERO = 128;

    /** Conv 24->24 3x3 pad 1 on 14x14, with an int32 bias. */
    static Int8Probe conv(int batch) {
        int c = 24, h = 14, k = 3;
        SplittableRandom r = new SplittableRandom(31 + batch);
        int[] xq = uints(r, batch * c * h * h);
        byte[] w = weights(r, c * c * k * k);
        int[] bias = new int[c];
        for (int i = 0; i < c; i++) bias[i] = r.nextInt(-2000, 2001);
        long[] shape = {batch, c, h, h};
        ProbeGraph g = new ProbeGraph(shape);
        String x = qdq(g, "x");
        String wq = g.node("DequantizeLinear", g.int8s(w, c, c, k, k), g.floats(new float[] {W_SCALE}),
                g.int8s(new byte[] {0}));
        String b = g.node("DequantizeLinear", g.int32s(bias, c), g.floats(new float[] {X_SCALE * W_SCALE}),
                g.int32s(new int[] {0}));
        String y = g.node("Conv", new AttributeProto[] {ints("kernel_shape", k, k), ints("pads", 1, 1, 1, 1),
                ints("strides", 1, 1), integer("group", 1)}, x, wq, b);
        double[] expected = new double[batch * c * h * h];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < c; o++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < h; j++) {
                        long acc = bias[o];
                        for (int ci = 0; ci < c; ci++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int rr = i - 1 + ki, ss = j - 1 + kj;
                                    if (rr < 0 || rr >= h || ss < 0 || ss >= h) continue;
                                    acc += (long) (xq[((n * c + ci) * h + rr) * h + ss] - ZERO)
                                            * w[((o * c + ci) * k + ki) * k + kj];
                                }
                            }
                        }
                        expected[((n * c + o) * h + i) * h + j] = requantize(acc);
                    }
                }
            }
        }
        return new Int8Probe("int8 QDQ conv3x3 24->24 pad1 14x14 batch " + batch, g.model(qdq(g, y)), shape,
                floats(xq), expected, Y_SCALE);
    }

    /** MatMul [batch, 64] x [64, 24]. */
    static Int8Probe matMul(int batch) {
        int in = 64, out = 24;
        SplittableRandom r = new SplittableRandom(47 + batch);
        int[] xq = uints(r, batch * in);
        byte[] w = weights(r, in * out);
        long[] shape = {batch, in};
        ProbeGraph g = new ProbeGraph(shape);
        String x = qdq(g, "x");
        String wq = g.node("DequantizeLinear", g.int8s(w, in, out), g.floats(new float[] {W_SCALE}),
                g.int8s(new byte[] {0}));
        String y = g.node("MatMul", x, wq);
        double[] expected = new double[batch * out];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                long acc = 0;
                for (int i = 0; i < in; i++) acc += (long) (xq[n * in + i] - ZERO) * w[i * out + o];
                expected[n * out + o] = requantize(acc);
            }
        }
        return new Int8Probe("int8 QDQ matmul 64->24 batch " + batch, g.model(qdq(g, y)), shape, floats(xq),
                expected, Y_SCALE);
    }

    /** acc x (X_SCALE x W_SCALE / Y_SCALE), rounded half to even, saturated to uint8, dequantized. */
    private static double requantize(long acc) {
        double q = Math.rint(acc * ((double) X_SCALE * W_SCALE / Y_SCALE)) + ZERO;
        q = Math.max(0, Math.min(255, q));
        return (q - ZERO) * Y_SCALE;
    }

    /** QuantizeLinear then DequantizeLinear with the activation scale and zero point. */
    private static String qdq(ProbeGraph g, String x) {
        boolean input = x.equals("x");
        float scale = input ? X_SCALE : Y_SCALE;
        String s = g.floats(new float[] {scale}), z = g.uint8s(new byte[] {(byte) ZERO});
        String q = g.node("QuantizeLinear", x, s, z);
        return g.node("DequantizeLinear", q, s, z);
    }

    private static int[] uints(SplittableRandom r, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(256);
        return v;
    }

    private static byte[] weights(SplittableRandom r, int n) {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) v[i] = (byte) r.nextInt(-63, 64);
        return v;
    }

    /** The float input whose quantization gives exactly {@code xq}. */
    private static float[] floats(int[] xq) {
        float[] x = new float[xq.length];
        for (int i = 0; i < x.length; i++) x[i] = (xq[i] - ZERO) * X_SCALE;
        return x;
    }

    /** Passes when every output is within one quantum of the exact result. */
    static ProbeOutcome compare(String name, float[] got, double[] expected, double quantum) {
        if (got.length != expected.length) {
            return new ProbeOutcome(name + " (gave " + got.length + " values, expected " + expected.length + ")",
                    Double.POSITIVE_INFINITY, 0, 0);
        }
        double max = 0;
        long nonFinite = 0;
        for (int i = 0; i < got.length; i++) {
            if (!Float.isFinite(got[i])) nonFinite++;
            else max = Math.max(max, Math.abs(got[i] - expected[i]));
        }
        return new ProbeOutcome(name, max, quantum * 1.0001, nonFinite);
    }
}
