package dev.parity.harness.run;

import dev.parity.harness.spec.ScoreTransform;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.Outputs;
import dev.parity.runners.TensorSpec;

/** Takes the positive-class score of each sample from a batch's outputs, as the spec declares it. */
public final class ScoreExtractor {
    private final int index;
    private final ScoreTransform transform;

    public ScoreExtractor(int index, ScoreTransform transform) {
        this.index = index;
        this.transform = transform;
    }

    /** Writes one score per sample of {@code out} into {@code scores} starting at {@code offset}. */
    public void extract(String variant, Outputs out, float[] scores, int offset) {
        int k = out.perSample();
        if (index >= k) {
            throw new InvalidModelException(variant + ": output '" + out.name() + "' has " + k
                    + " value(s) per sample (shape " + TensorSpec.shapeText(out.shape()) + ") but model.score.index is "
                    + index);
        }
        int batch = (int) out.shape()[0];
        float[] data = out.data();
        for (int s = 0; s < batch; s++) {
            int base = s * k;
            scores[offset + s] = switch (transform) {
                case NONE -> data[base + index];
                case SIGMOID -> (float) sigmoid(data[base + index]);
                case SOFTMAX -> (float) softmax(data, base, k, index);
            };
        }
    }

    static double sigmoid(double x) {
        // Two forms so that neither overflows: exp of a large positive x would be Inf.
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    static double softmax(float[] data, int base, int k, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) max = Math.max(max, data[base + j]);
        double sum = 0;
        for (int j = 0; j < k; j++) sum += Math.exp(data[base + j] - max);
        return Math.exp(data[base + index] - max) / sum;
    }
}
