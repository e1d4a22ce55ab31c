package dev.parity.runners;

/**
 * One batch of preprocessed samples for a single-input model: {@code size} samples laid out row-major in
 * {@code data}, each of {@code sampleShape}. Runners must not modify {@code data}: every variant is fed the
 * very same array.
 *
 * @param firstIndex dataset index of the first sample, for messages
 */
public record Batch(long firstIndex, int size, long[] sampleShape, float[] data) {

    public Batch {
        long perSample = 1;
        for (long d : sampleShape) perSample *= d;
        if (perSample * size != data.length) {
            throw new IllegalArgumentException("batch of " + size + " samples of " + TensorSpec.shapeText(sampleShape)
                    + " needs " + perSample * size + " values, got " + data.length);
        }
    }

    /** [size, ...sampleShape] */
    public long[] shape() {
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = size;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return shape;
    }
}
