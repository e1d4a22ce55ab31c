package dev.parity.metrics;

/**
 * A multi-class model's scores: {@code classes} values per sample (logits or probabilities), sample after sample.
 * A sample's class is its highest score, ties to the lower class index (as numpy's and torch's argmax); a sample
 * with any NaN or Inf score has no class ({@link #NONE}): its decision is undefined, and counts as changed.
 *
 * @param values  samples x classes, row-major
 * @param classes K, at least 2
 */
public record ClassScores(float[] values, int classes) {
    /** The class of a sample whose scores are not all finite. */
    public static final int NONE = -1;

    public ClassScores {
        if (classes < 2) throw new IllegalArgumentException("a multi-class score needs 2 classes or more, got " + classes);
        if (values.length % classes != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole samples of " + classes
                    + " classes");
        }
    }

    public int samples() {
        return values.length / classes;
    }

    public float at(int sample, int cls) {
        return values[sample * classes + cls];
    }

    /** The sample's class: its highest score, the lower index on a tie; {@link #NONE} if any score is not finite. */
    public int top1(int sample) {
        int base = sample * classes, best = 0;
        for (int c = 0; c < classes; c++) {
            float v = values[base + c];
            if (!Float.isFinite(v)) return NONE;
            if (v > values[base + best]) best = c;
        }
        return best;
    }

    /** Every sample's class. */
    public int[] top1() {
        int[] out = new int[samples()];
        for (int i = 0; i < out.length; i++) out[i] = top1(i);
        return out;
    }

    /** The sample's k highest classes, highest first, the lower index first on a tie; empty if any is not finite. */
    public int[] topK(int sample, int k) {
        int base = sample * classes;
        TopK top = new TopK(Math.min(k, classes));
        for (int c = 0; c < classes; c++) {
            float v = values[base + c];
            if (!Float.isFinite(v)) return new int[0];
            top.offer(c, v);
        }
        return top.indicesLargestFirst().stream().mapToInt(Integer::intValue).toArray();
    }

    /** One class's scores over every sample: what its one-vs-rest threshold is fitted on. */
    public float[] column(int cls) {
        float[] out = new float[samples()];
        for (int i = 0; i < out.length; i++) out[i] = values[i * classes + cls];
        return out;
    }

    /** Scores that are NaN or infinite, over all samples and classes. */
    public long nonFinite() {
        long n = 0;
        for (float v : values) if (!Float.isFinite(v)) n++;
        return n;
    }
}
