package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import dev.parity.runners.TensorSpec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Streams the dataset in batches, preprocessed once: x = (raw / divide_by - mean[c]) / std[c] in float32.
 * Every variant is fed the same {@link Batch} objects in the same order, so they see identical inputs.
 */
public final class BatchStream {
    private final NpyFile inputs;
    private final ResolvedSpec.Preprocessing pre;
    private final int batchSize;
    private final long[] sampleShape;
    private final int perSample;
    private final int perChannel;
    private final float divideBy;
    private final float[] mean;
    private final float[] std;
    private long next;
    private ByteBuffer buffer;

    public BatchStream(NpyFile inputs, ResolvedSpec.Preprocessing pre, int batchSize) {
        if (inputs.rowElements() != pre.elementsPerSample()) {
            throw new ParityInputException(inputs.path() + ": each sample has " + inputs.rowElements()
                    + " values (shape " + Arrays.toString(inputs.shape()) + ") but dataset.preprocessing.shape "
                    + TensorSpec.shapeText(pre.shape()) + " needs " + pre.elementsPerSample());
        }
        this.inputs = inputs;
        this.pre = pre;
        this.batchSize = batchSize;
        this.sampleShape = pre.shape();
        this.perSample = Math.toIntExact(pre.elementsPerSample());
        this.perChannel = Math.toIntExact(pre.elementsPerSample() / pre.shape()[0]);
        this.divideBy = (float) pre.divideBy();
        this.mean = toFloats(pre.mean());
        this.std = toFloats(pre.std());
    }

    public long samples() {
        return inputs.rows();
    }

    public boolean hasNext() {
        return next < inputs.rows();
    }

    /** Index of the first sample of the next batch. */
    public long position() {
        return next;
    }

    /** Moves past the next batch without reading it (its scores came from a checkpoint). */
    public void skip() {
        next += Math.min(batchSize, inputs.rows() - next);
    }

    /** The next batch; the last one may be smaller. */
    public Batch next() {
        int size = (int) Math.min(batchSize, inputs.rows() - next);
        buffer = inputs.readRows(next, size, buffer);
        float[] data = new float[size * perSample];
        for (int k = 0; k < data.length; k++) {
            int c = (k % perSample) / perChannel;
            float m = mean.length == 1 ? mean[0] : mean[c];
            float s = std.length == 1 ? std[0] : std[c];
            data[k] = ((float) inputs.get(buffer, k) / divideBy - m) / s;
        }
        Batch batch = new Batch(next, size, sampleShape, data);
        next += size;
        return batch;
    }

    public ResolvedSpec.Preprocessing preprocessing() {
        return pre;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (float) values[i];
        return out;
    }
}
