package dev.parity.runners.selfcheck;

import dev.parity.runners.selfcheck.ProbeNet.AvgPool;
import dev.parity.runners.selfcheck.ProbeNet.BatchNorm;
import dev.parity.runners.selfcheck.ProbeNet.Conv;
import dev.parity.runners.selfcheck.ProbeNet.Flatten;
import dev.parity.runners.selfcheck.ProbeNet.Layer;
import dev.parity.runners.selfcheck.ProbeNet.Linear;
import dev.parity.runners.selfcheck.ProbeNet.MaxPool;
import dev.parity.runners.selfcheck.ProbeNet.Relu;
import dev.parity.runners.selfcheck.ProbeNet.Residual;

/**
 * Parity's own forward pass of a probe network, in double precision: the independent truth a runtime is checked
 * against. Written for clarity, not speed (the probes are small); every loop is the textbook definition.
 */
public final class ProbeMath {
    private ProbeMath() {
    }

    /** A tensor in double: values row-major in shape. */
    public record Tensor(long[] shape, double[] data) {
    }

    public static Tensor forward(ProbeNet net) {
        double[] x = new double[net.input().length];
        for (int i = 0; i < x.length; i++) x[i] = net.input()[i];
        Tensor t = new Tensor(net.shape().clone(), x);
        for (Layer l : net.layers()) t = apply(l, t);
        return t;
    }

    static Tensor apply(Layer layer, Tensor x) {
        // Java 17 has no pattern matching in switch: one instanceof per layer kind
        if (layer instanceof Conv c) return conv(c, x);
        if (layer instanceof BatchNorm b) return batchNorm(b, x);
        if (layer instanceof Relu) return relu(x);
        if (layer instanceof MaxPool p) return pool(x, p.k(), p.stride(), true);
        if (layer instanceof AvgPool p) return pool(x, p.k(), p.stride(), false);
        if (layer instanceof Flatten) {
            return new Tensor(new long[] {x.shape()[0], x.data().length / x.shape()[0]}, x.data());
        }
        if (layer instanceof Linear l) return linear(l, x);
        return residual((Residual) layer, x);
    }

    private static Tensor conv(Conv c, Tensor x) {
        int n = (int) x.shape()[0], h = (int) x.shape()[2], w = (int) x.shape()[3];
        int oh = (h + 2 * c.pad() - c.k()) / c.stride() + 1, ow = (w + 2 * c.pad() - c.k()) / c.stride() + 1;
        int inPerGroup = c.in() / c.groups(), outPerGroup = c.out() / c.groups();
        double[] y = new double[n * c.out() * oh * ow];
        double[] in = x.data();
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < c.out(); o++) {
                int g = o / outPerGroup;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = c.bias()[o];
                        for (int ci = 0; ci < inPerGroup; ci++) {
                            int channel = g * inPerGroup + ci;
                            for (int ki = 0; ki < c.k(); ki++) {
                                int r = i * c.stride() - c.pad() + ki;
                                if (r < 0 || r >= h) continue;
                                for (int kj = 0; kj < c.k(); kj++) {
                                    int s = j * c.stride() - c.pad() + kj;
                                    if (s < 0 || s >= w) continue;
                                    sum += (double) c.weight()[((o * inPerGroup + ci) * c.k() + ki) * c.k() + kj]
                                            * in[((b * c.in() + channel) * h + r) * w + s];
                                }
                            }
                        }
                        y[((b * c.out() + o) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return new Tensor(new long[] {n, c.out(), oh, ow}, y);
    }

    private static Tensor batchNorm(BatchNorm bn, Tensor x) {
        int n = (int) x.shape()[0], ch = (int) x.shape()[1];
        int plane = x.data().length / (n * ch);
        double[] y = new double[x.data().length];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < ch; c++) {
                double scale = bn.gamma()[c] / Math.sqrt((double) bn.var()[c] + bn.eps());
                for (int p = 0; p < plane; p++) {
                    int idx = (b * ch + c) * plane + p;
                    y[idx] = (x.data()[idx] - bn.mean()[c]) * scale + bn.beta()[c];
                }
            }
        }
        return new Tensor(x.shape(), y);
    }

    private static Tensor relu(Tensor x) {
        double[] y = new double[x.data().length];
        for (int i = 0; i < y.length; i++) y[i] = Math.max(0, x.data()[i]);
        return new Tensor(x.shape(), y);
    }

    private static Tensor pool(Tensor x, int k, int stride, boolean max) {
        int n = (int) x.shape()[0], ch = (int) x.shape()[1], h = (int) x.shape()[2], w = (int) x.shape()[3];
        int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
        double[] y = new double[n * ch * oh * ow];
        for (int b = 0; b < n * ch; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            double v = x.data()[(b * h + i * stride + ki) * w + j * stride + kj];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    y[(b * oh + i) * ow + j] = max ? acc : acc / (k * k);
                }
            }
        }
        return new Tensor(new long[] {n, ch, oh, ow}, y);
    }

    private static Tensor linear(Linear l, Tensor x) {
        int n = (int) x.shape()[0];
        double[] y = new double[n * l.out()];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < l.out(); o++) {
                double sum = l.bias()[o];
                for (int i = 0; i < l.in(); i++) sum += (double) l.weight()[o * l.in() + i] * x.data()[b * l.in() + i];
                y[b * l.out() + o] = sum;
            }
        }
        return new Tensor(new long[] {n, l.out()}, y);
    }

    private static Tensor residual(Residual r, Tensor x) {
        Tensor body = x;
        for (Layer l : r.body()) body = apply(l, body);
        double[] y = new double[x.data().length];
        for (int i = 0; i < y.length; i++) y[i] = x.data()[i] + body.data()[i];
        return new Tensor(x.shape(), y);
    }
}
