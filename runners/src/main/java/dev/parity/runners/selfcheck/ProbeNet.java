package dev.parity.runners.selfcheck;

import java.util.List;

/**
 * One small float32 network of the self-check: an input of a fixed shape (batch first) and a chain of layers with
 * fixed weights. A runtime computes it in its own kernels; {@link ProbeMath} computes it in double from the same
 * float32 parameters, so any difference beyond float32 rounding is the runtime's.
 *
 * @param name   what it exercises, e.g. "conv3x3 24->24 pad1 28x28 batch 64"
 * @param input  the input values, row-major in {@code shape}
 */
public record ProbeNet(String name, long[] shape, float[] input, List<Layer> layers) {

    /** One step of a probe network. Tensors are NCHW (or N x features after {@link Flatten}). */
    public sealed interface Layer permits Conv, BatchNorm, Relu, MaxPool, AvgPool, Flatten, Linear, Residual {
    }

    /**
     * A 2-D convolution with square kernel, stride and symmetric zero padding; {@code groups == in} is depthwise.
     *
     * @param weight [out, in / groups, k, k]
     */
    public record Conv(int in, int out, int k, int stride, int pad, int groups, float[] weight, float[] bias)
            implements Layer {
    }

    /** Inference batch norm over channels: (x - mean) / sqrt(var + eps) * gamma + beta. */
    public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] var, float eps) implements Layer {
    }

    public record Relu() implements Layer {
    }

    /** Max pooling with a square window, no padding. */
    public record MaxPool(int k, int stride) implements Layer {
    }

    /** Average pooling with a square window, no padding. */
    public record AvgPool(int k, int stride) implements Layer {
    }

    /** [N, C, H, W] to [N, C*H*W]. */
    public record Flatten() implements Layer {
    }

    /** y = x W^T + b, as torch.nn.Linear and ONNX Gemm with transB. @param weight [out, in] */
    public record Linear(int in, int out, float[] weight, float[] bias) implements Layer {
    }

    /** y = x + body(x): a residual block's skip connection. */
    public record Residual(List<Layer> body) implements Layer {
    }
}
