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
    private final float divideBy;
    /** mean and std per element of a sample (the channel's, repeated), so the loop needs no index arithmetic. */
    private final float[] meanAt;
    private final float[] stdAt;
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
        int perChannel = Math.toIntExact(pre.elementsPerSample() / pre.shape()[0]);
        this.divideBy = (float) pre.divideBy();
        this.meanAt = perElement(pre.mean(), perSample, perChannel);
        this.stdAt = perElement(pre.std(), perSample, perChannel);
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
        inputs.toFloats(buffer, data, data.length);
        for (int row = 0, k = 0; row < size; row++) {
            for (int j = 0; j < perSample; j++, k++) {
                data[k] = (data[k] / divideBy - meanAt[j]) / stdAt[j];
            }
        }
        Batch batch = new Batch(next, size, sampleShape, data);
        next += size;
        return batch;
    }

    /** One value per channel (or one for all) spread to every element of a sample, as float32. */
    private static float[] perElement(double[] values, int perSample, int perChannel) {
        float[] out = new float[perSample];
        for (int k = 0; k < perSample; k++) out[k] = (float) (values.length == 1 ? values[0] : values[k / perChannel]);
        return out;
    }
}
