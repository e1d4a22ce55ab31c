package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import dev.parity.runners.TensorSpec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Streams the dataset in batches, preprocessed once: x = (raw / divide_by - mean[c]) / std[c] in float32.
 * Every variant is fed the same {@link Batch} objects in the same order, so they see identical inputs. A stream
 * may cover a slice [first, end) of the dataset (a shard); batch indices stay the dataset's own.
 */
public final class BatchStream {
    private final NpyFile inputs;
    private final int batchSize;
    private final long[] sampleShape;
    private final int perSample;
    private final int perChannel;
    private final float divideBy;
    private final float[] mean;
    private final float[] std;
    private final long first;
    private final long end;
    private long next;
    private ByteBuffer buffer;

    public BatchStream(NpyFile inputs, ResolvedSpec.Preprocessing pre, int batchSize) {
        this(inputs, pre, batchSize, 0, inputs.rows());
    }

    /** Streams samples [first, end) only. */
    public BatchStream(NpyFile inputs, ResolvedSpec.Preprocessing pre, int batchSize, long first, long end) {
        if (inputs.rowElements() != pre.elementsPerSample()) {
            throw new ParityInputException(inputs.path() + ": each sample has " + inputs.rowElements()
                    + " values (shape " + Arrays.toString(inputs.shape()) + ") but dataset.preprocessing.shape "
                    + TensorSpec.shapeText(pre.shape()) + " needs " + pre.elementsPerSample());
        }
        this.inputs = inputs;
        this.batchSize = batchSize;
        this.sampleShape = pre.shape();
        this.perSample = Math.toIntExact(pre.elementsPerSample());
        this.perChannel = Math.toIntExact(pre.elementsPerSample() / pre.shape()[0]);
        this.divideBy = (float) pre.divideBy();
        this.mean = toFloats(pre.mean());
        this.std = toFloats(pre.std());
        if (first < 0 || end > inputs.rows() || first > end) {
            throw new IllegalArgumentException("slice [" + first + ", " + end + ") of " + inputs.rows() + " samples");
        }
        this.first = first;
        this.end = end;
        this.next = first;
    }

    /** Samples this stream covers. */
    public long samples() {
        return end - first;
    }

    /** Dataset index of the stream's first sample (0 unless it is a shard). */
    public long first() {
        return first;
    }

    public boolean hasNext() {
        return next < end;
    }

    /** Dataset index of the first sample of the next batch. */
    public long position() {
        return next;
    }

    /** Moves past the next batch without reading it (its scores came from a checkpoint). */
    public void skip() {
        next += Math.min(batchSize, end - next);
    }

    /** The next batch; the last one may be smaller. */
    public Batch next() {
        int size = (int) Math.min(batchSize, end - next);
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

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (float) values[i];
        return out;
    }
}
