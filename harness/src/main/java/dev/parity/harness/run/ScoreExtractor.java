package dev.parity.harness.run;

import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.ScoreTransform;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.Outputs;
import dev.parity.runners.TensorSpec;
import java.util.List;

/**
 * Takes each sample's score from a batch's outputs, as the spec declares it: its positive-class score (one value),
 * or, for a multi-class score, all K classes' (K values, each transformed: a softmax over the sample's outputs, or
 * each through the sigmoid).
 */
public final class ScoreExtractor {
    private final int index;
    private final ScoreTransform transform;
    /** Values kept per sample: 1, K of a multi-class score, or one per head. */
    private final int width;
    /** A multi-head model's heads (their elements and transforms), else empty. */
    private final List<ResolvedSpec.Head> heads;

    public ScoreExtractor(int index, ScoreTransform transform) {
        this(index, transform, 1, List.of());
    }

    private ScoreExtractor(int index, ScoreTransform transform, int width, List<ResolvedSpec.Head> heads) {
        this.index = index;
        this.transform = transform;
        this.width = width;
        this.heads = heads;
    }

    /** What the spec's model.score (or model.heads) declares. */
    public static ScoreExtractor of(ResolvedSpec spec) {
        return new ScoreExtractor(spec.scoreIndex(), spec.transform(), spec.scoreWidth(), spec.heads());
    }

    /** Values written per sample. */
    public int width() {
        return width;
    }

    /**
     * Writes each sample of {@code out}'s score into {@code scores}, sample {@code offset} onwards ({@link #width()}
     * values per sample).
     */
    public void extract(String variant, Outputs out, float[] scores, int offset) {
        int k = out.perSample();
        if (!heads.isEmpty()) {
            extractHeads(variant, out, scores, offset);
            return;
        }
        if (width > 1) {
            extractClasses(variant, out, scores, offset);
            return;
        }
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

    /** One score per head: its element of the sample's output, through its transform. */
    private void extractHeads(String variant, Outputs out, float[] scores, int offset) {
        int k = out.perSample();
        for (ResolvedSpec.Head h : heads) {
            if (h.index() >= k) {
                throw new InvalidModelException(variant + ": output '" + out.name() + "' has " + k + " value(s) per "
                        + "sample (shape " + TensorSpec.shapeText(out.shape()) + ") but head '" + h.name()
                        + "' reads element " + h.index());
            }
        }
        int batch = (int) out.shape()[0], w = heads.size();
        float[] data = out.data();
        for (int s = 0; s < batch; s++) {
            int base = s * k, to = (offset + s) * w;
            for (int j = 0; j < w; j++) {
                ResolvedSpec.Head h = heads.get(j);
                scores[to + j] = switch (h.transform()) {
                    case NONE -> data[base + h.index()];
                    case SIGMOID -> (float) sigmoid(data[base + h.index()]);
                    case SOFTMAX -> (float) softmax(data, base, k, h.index());
                };
            }
        }
    }

    private void extractClasses(String variant, Outputs out, float[] scores, int offset) {
        int k = out.perSample();
        if (k != width) {
            throw new InvalidModelException(variant + ": output '" + out.name() + "' has " + k
                    + " value(s) per sample (shape " + TensorSpec.shapeText(out.shape()) + ") but model.score has "
                    + width + " classes");
        }
        int batch = (int) out.shape()[0];
        float[] data = out.data();
        for (int s = 0; s < batch; s++) {
            int base = s * k, to = (offset + s) * k;
            if (transform == ScoreTransform.SOFTMAX) {
                // one max and one sum per sample, not per class: K can be a thousand
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int c = 0; c < k; c++) max = Math.max(max, data[base + c]);
                for (int c = 0; c < k; c++) sum += Math.exp(data[base + c] - max);
                for (int c = 0; c < k; c++) scores[to + c] = (float) (Math.exp(data[base + c] - max) / sum);
            } else {
                for (int c = 0; c < k; c++) {
                    scores[to + c] = transform == ScoreTransform.SIGMOID ? (float) sigmoid(data[base + c])
                            : data[base + c];
                }
            }
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
