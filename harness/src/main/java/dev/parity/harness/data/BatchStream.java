package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import dev.parity.runners.TensorSpec;
import java.util.Arrays;

/**
 * Streams the dataset in batches, preprocessed once: x = (raw / divide_by - mean[c]) / std[c] in float32 (raw first
 * rounded to 0-255 with round_to_uint8; images decoded, resized and cropped by their source).
 * Every variant is fed the same {@link Batch} objects in the same order, so they see identical inputs. A stream
 * may cover a slice [first, end) of the dataset (a shard); batch indices stay the dataset's own.
 */
public final class BatchStream {
    private final SampleSource inputs;
    private final int batchSize;
    private final long[] sampleShape;
    private final int perSample;
    private final float divideBy;
    private final boolean roundToUint8;
    /** mean and std per element of a sample (the channel's, repeated), so the loop needs no index arithmetic. */
    private final float[] meanAt;
    private final float[] stdAt;
    private final long first;
    private final long end;
    private long next;

    public BatchStream(SampleSource inputs, ResolvedSpec.Preprocessing pre, int batchSize) {
        this(inputs, pre, batchSize, 0, inputs.rows());
    }

    /** Streams samples [first, end) only. */
    public BatchStream(SampleSource inputs, ResolvedSpec.Preprocessing pre, int batchSize, long first, long end) {
        if (inputs.rowElements() != pre.elementsPerSample()) {
            throw new ParityInputException(inputs.path() + ": each sample has " + inputs.rowElements()
                    + " values (shape " + Arrays.toString(inputs.shape()) + ") but the preprocessing's shape "
                    + TensorSpec.shapeText(pre.shape()) + " needs " + pre.elementsPerSample());
        }
        this.inputs = inputs;
        this.batchSize = batchSize;
        this.sampleShape = pre.shape();
        this.perSample = Math.toIntExact(pre.elementsPerSample());
        int perChannel = Math.toIntExact(pre.elementsPerSample() / pre.shape()[0]);
        this.divideBy = (float) pre.divideBy();
        this.roundToUint8 = pre.roundToUint8();
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
        float[] data = new float[size * perSample];
        inputs.read(next, size, data);
        normalize(data, size);
        Batch batch = new Batch(next, size, sampleShape, data);
        next += size;
        return batch;
    }

    /** A copy of {@code raw} (whole samples) preprocessed as a stream with {@code pre} does it. */
    public static float[] preprocess(float[] raw, ResolvedSpec.Preprocessing pre) {
        long perSample = pre.elementsPerSample();
        if (raw.length % perSample != 0) {
            throw new IllegalArgumentException(raw.length + " values are not whole samples of " + perSample);
        }
        BatchStream s = new BatchStream(pre);
        float[] out = raw.clone();
        s.normalize(out, (int) (raw.length / perSample));
        return out;
    }

    private BatchStream(ResolvedSpec.Preprocessing pre) {
        this.inputs = null;
        this.batchSize = 1;
        this.sampleShape = pre.shape();
        this.perSample = Math.toIntExact(pre.elementsPerSample());
        this.divideBy = (float) pre.divideBy();
        this.roundToUint8 = pre.roundToUint8();
        int perChannel = Math.toIntExact(pre.elementsPerSample() / pre.shape()[0]);
        this.meanAt = perElement(pre.mean(), perSample, perChannel);
        this.stdAt = perElement(pre.std(), perSample, perChannel);
        this.first = 0;
        this.end = 0;
    }

    private void normalize(float[] data, int size) {
        if (roundToUint8) {
            // what a pipeline that hands the model uint8 does: nearest whole number (halves to even), saturated
            for (int k = 0; k < size * perSample; k++) data[k] = (float) Math.min(255, Math.max(0, Math.rint(data[k])));
        }
        for (int row = 0, k = 0; row < size; row++) {
            for (int j = 0; j < perSample; j++, k++) {
                data[k] = (data[k] / divideBy - meanAt[j]) / stdAt[j];
            }
        }
    }

    /** One value per channel (or one for all) spread to every element of a sample, as float32. */
    private static float[] perElement(double[] values, int perSample, int perChannel) {
        float[] out = new float[perSample];
        for (int k = 0; k < perSample; k++) out[k] = (float) (values.length == 1 ? values[0] : values[k / perChannel]);
        return out;
    }
}
