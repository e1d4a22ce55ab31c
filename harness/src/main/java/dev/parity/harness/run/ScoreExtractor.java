package dev.parity.harness.run;

import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.ScoreTransform;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.Outputs;
import dev.parity.runners.TensorSpec;
import java.util.List;

/**
 * Takes each sample's score from a batch's outputs, as the spec declares it: its positive-class score (one value),
 * one score per head of a multi-head model, or, for a multi-class score, all K classes' (K values, each transformed:
 * a softmax over the sample's outputs, or each through the sigmoid).
 */
public final class ScoreExtractor {
    /** Values kept per sample: 1, K of a multi-class score, or one per head. */
    private final int width;
    /**
     * The elements read per sample, each through its transform: the positive-class score, or one per head; empty for
     * a multi-class score, which keeps all K.
     */
    private final List<Element> elements;
    /** A multi-class score's transform, applied to each class (null otherwise). */
    private final ScoreTransform classTransform;

    /** One element of a sample's output and its transform; {@code said} names where the spec asks for it. */
    private record Element(int index, ScoreTransform transform, String said) {
    }

    public ScoreExtractor(int index, ScoreTransform transform) {
        this(1, List.of(new Element(index, transform, "model.score.index is " + index)), null);
    }

    private ScoreExtractor(int width, List<Element> elements, ScoreTransform classTransform) {
        this.width = width;
        this.elements = elements;
        this.classTransform = classTransform;
    }

    /** What the spec's model.score (or model.heads) declares. */
    public static ScoreExtractor of(ResolvedSpec spec) {
        if (spec.multiClass()) return new ScoreExtractor(spec.scoreWidth(), List.of(), spec.transform());
        if (!spec.multiHead()) return new ScoreExtractor(spec.scoreIndex(), spec.transform());
        return new ScoreExtractor(spec.scoreWidth(), spec.heads().stream().map(h -> new Element(h.index(),
                h.transform(), "head '" + h.name() + "' reads element " + h.index())).toList(), null);
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
        if (elements.isEmpty()) {
            extractClasses(variant, out, scores, offset);
            return;
        }
        int k = out.perSample();
        for (Element e : elements) {
            if (e.index() >= k) {
                throw new InvalidModelException(variant + ": output '" + out.name() + "' has " + k + " value(s) per "
                        + "sample (shape " + TensorSpec.shapeText(out.shape()) + ") but " + e.said());
            }
        }
        int batch = (int) out.shape()[0], w = elements.size();
        float[] data = out.data();
        for (int s = 0; s < batch; s++) {
            int base = s * k, to = (offset + s) * w;
            for (int j = 0; j < w; j++) {
                Element e = elements.get(j);
                scores[to + j] = switch (e.transform()) {
                    case NONE -> data[base + e.index()];
                    case SIGMOID -> (float) sigmoid(data[base + e.index()]);
                    case SOFTMAX -> (float) softmax(data, base, k, e.index());
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
            if (classTransform == ScoreTransform.SOFTMAX) {
                // one max and one sum per sample, not per class: K can be a thousand
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int c = 0; c < k; c++) max = Math.max(max, data[base + c]);
                for (int c = 0; c < k; c++) sum += Math.exp(data[base + c] - max);
                for (int c = 0; c < k; c++) scores[to + c] = (float) (Math.exp(data[base + c] - max) / sum);
            } else {
                for (int c = 0; c < k; c++) {
                    scores[to + c] = classTransform == ScoreTransform.SIGMOID ? (float) sigmoid(data[base + c])
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
