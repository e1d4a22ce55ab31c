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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed float32 probe networks every local runtime computes before Parity trusts it on this host. They cover
 * the layer kinds models are made of (convolutions 3x3 and 1x1 with padding and stride, depthwise, Conv+BN+ReLU,
 * pooling, a residual Add, Linear/Gemm), at batch 1 and at a larger batch, since kernels are chosen by shape. Channel
 * counts that are not multiples of 16 or of 8 are on purpose: on an AMD Zen 5 VM, libtorch 2.7.1's oneDNN computed
 * 3x3 convolutions at batch 2 and more wrong when the channels were not a multiple of the vector width: with its
 * AVX-512 kernels 24->24 and 20->20 (64->64 and 16->16 right), capped at AVX2 still 20->20, 13->13 and 12->20
 * (24->24 right), capped at SSE4.1 none. Batch 1 was right everywhere. Weights and inputs come from fixed seeds, so every run on
 * every machine checks the same numbers. {@link #VERSION} names the set in cached verdicts; change it with the set.
 */
public final class ProbeSet {
    public static final String VERSION = "probes-1";

    private ProbeSet() {
    }

    public static List<ProbeNet> float32() {
        List<ProbeNet> out = new ArrayList<>();
        for (int batch : new int[] {1, 16}) {
            out.add(net("conv3x3 24->24 pad1 28x28", batch, new long[] {24, 28, 28}, 11,
                    r -> List.of(conv(r, 24, 24, 3, 1, 1, 1))));
            out.add(net("conv3x3 24->48 stride2 pad1 28x28", batch, new long[] {24, 28, 28}, 12,
                    r -> List.of(conv(r, 24, 48, 3, 2, 1, 1))));
            out.add(net("conv3x3 3->16 pad1 32x32", batch, new long[] {3, 32, 32}, 13,
                    r -> List.of(conv(r, 3, 16, 3, 1, 1, 1))));
            out.add(net("conv3x3 13->13 pad1 12x12", batch, new long[] {13, 12, 12}, 20,
                    r -> List.of(conv(r, 13, 13, 3, 1, 1, 1))));
            out.add(net("conv1x1 40->40 14x14", batch, new long[] {40, 14, 14}, 14,
                    r -> List.of(conv(r, 40, 40, 1, 1, 0, 1))));
            out.add(net("depthwise conv3x3 32ch pad1 16x16", batch, new long[] {32, 16, 16}, 15,
                    r -> List.of(conv(r, 32, 32, 3, 1, 1, 32))));
            out.add(net("conv3x3 12->20 + batchnorm + relu + maxpool2 20x20", batch, new long[] {12, 20, 20}, 16,
                    r -> List.of(conv(r, 12, 20, 3, 1, 1, 1), batchNorm(r, 20), new Relu(), new MaxPool(2, 2))));
            out.add(net("residual block 20ch 12x12 (conv-relu-conv + add)", batch, new long[] {20, 12, 12}, 17,
                    r -> List.of(new Residual(List.of(conv(r, 20, 20, 3, 1, 1, 1), new Relu(),
                            conv(r, 20, 20, 3, 1, 1, 1))), new Relu())));
            out.add(net("avgpool2 + linear 384->7 head", batch, new long[] {24, 8, 8}, 18,
                    r -> List.of(new AvgPool(2, 2), new Flatten(), linear(r, 384, 7))));
            out.add(net("linear 300->17 + relu + linear 17->5", batch, new long[] {300}, 19,
                    r -> List.of(linear(r, 300, 17), new Relu(), linear(r, 17, 5))));
        }
        return out;
    }

    /** Builds one probe with its input and layers drawn from {@code seed}. */
    private static ProbeNet net(String what, int batch, long[] sample, long seed,
                                java.util.function.Function<SplittableRandom, List<Layer>> layers) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        int n = 1;
        for (long d : shape) n *= (int) d;
        float[] input = uniform(r, n, 1.0);
        return new ProbeNet(what + " batch " + batch, shape, input, layers.apply(r));
    }

    /** Weights scaled by 1/sqrt(fan-in) keep every activation of order one, so float32 error stays tiny. */
    private static Conv conv(SplittableRandom r, int in, int out, int k, int stride, int pad, int groups) {
        int fanIn = in / groups * k * k;
        double bound = Math.sqrt(3.0 / fanIn);
        return new Conv(in, out, k, stride, pad, groups, uniform(r, out * fanIn, bound), uniform(r, out, 0.1));
    }

    private static BatchNorm batchNorm(SplittableRandom r, int channels) {
        float[] gamma = new float[channels], beta = uniform(r, channels, 0.2), mean = uniform(r, channels, 0.3);
        float[] var = new float[channels];
        for (int c = 0; c < channels; c++) {
            gamma[c] = (float) (0.5 + r.nextDouble());
            var[c] = (float) (0.25 + r.nextDouble());
        }
        return new BatchNorm(gamma, beta, mean, var, 1e-5f);
    }

    private static Linear linear(SplittableRandom r, int in, int out) {
        return new Linear(in, out, uniform(r, in * out, Math.sqrt(3.0 / in)), uniform(r, out, 0.1));
    }

    private static float[] uniform(SplittableRandom r, int n, double bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        return v;
    }
}
