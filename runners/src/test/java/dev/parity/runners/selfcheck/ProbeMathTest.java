package dev.parity.runners.selfcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.parity.runners.selfcheck.ProbeNet.AvgPool;
import dev.parity.runners.selfcheck.ProbeNet.BatchNorm;
import dev.parity.runners.selfcheck.ProbeNet.Conv;
import dev.parity.runners.selfcheck.ProbeNet.Flatten;
import dev.parity.runners.selfcheck.ProbeNet.Linear;
import dev.parity.runners.selfcheck.ProbeNet.MaxPool;
import dev.parity.runners.selfcheck.ProbeNet.Relu;
import dev.parity.runners.selfcheck.ProbeNet.Residual;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parity's own forward pass, the self-check's truth, against results worked out by hand. */
class ProbeMathTest {

    private static double[] forward(long[] shape, float[] input, ProbeNet.Layer... layers) {
        return ProbeMath.forward(new ProbeNet("hand", shape, input, List.of(layers))).data();
    }

    @Test
    void convolutionWithPaddingAndStride() {
        // 3x3 input 1..9, all-ones 3x3 kernel, bias 0.5, padding 1, stride 2: the corners' 2x2 neighbourhoods
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] y = forward(new long[] {1, 1, 3, 3}, x, new Conv(1, 1, 3, 2, 1, 1, w, new float[] {0.5f}));
        assertArrayEquals(new double[] {1 + 2 + 4 + 5 + 0.5, 2 + 3 + 5 + 6 + 0.5, 4 + 5 + 7 + 8 + 0.5,
                5 + 6 + 8 + 9 + 0.5}, y, 0);
    }

    @Test
    void depthwiseConvolutionKeepsChannelsApart() {
        // two channels, 1x1 kernels 2 and -3, no padding: each channel scaled by its own weight
        double[] y = forward(new long[] {1, 2, 1, 2}, new float[] {1, 2, 3, 4},
                new Conv(2, 2, 1, 1, 0, 2, new float[] {2, -3}, new float[] {0, 1}));
        assertArrayEquals(new double[] {2, 4, -8, -11}, y, 0);
    }

    @Test
    void batchNormReluAndPooling() {
        // (x - 1) / sqrt(3 + 1) * 2 + 0.5 = x - 0.5 over a 2x2 plane, then ReLU, then max and average of the four
        float[] x = {0, 1, 2, 3};
        BatchNorm bn = new BatchNorm(new float[] {2}, new float[] {0.5f}, new float[] {1}, new float[] {3}, 1f);
        assertArrayEquals(new double[] {2.5}, forward(new long[] {1, 1, 2, 2}, x, bn, new Relu(), new MaxPool(2, 2)), 0);
        assertArrayEquals(new double[] {(0 + 0.5 + 1.5 + 2.5) / 4},
                forward(new long[] {1, 1, 2, 2}, x, bn, new Relu(), new AvgPool(2, 2)), 1e-15);
    }

    @Test
    void linearAfterFlattenAndAResidualAdd() {
        // y = [1 2; 3 4] x + [1, -1] for x = [1, 1] -> [4, 6]; the residual adds body(x) = 2x to x
        Linear l = new Linear(2, 2, new float[] {1, 2, 3, 4}, new float[] {1, -1});
        assertArrayEquals(new double[] {4, 6}, forward(new long[] {1, 1, 1, 2}, new float[] {1, 1}, new Flatten(), l),
                0);
        Conv twice = new Conv(1, 1, 1, 1, 0, 1, new float[] {2}, new float[] {0});
        assertArrayEquals(new double[] {3, -6}, forward(new long[] {1, 1, 1, 2}, new float[] {1, -2},
                new Residual(List.of(twice))), 0);
    }
}
