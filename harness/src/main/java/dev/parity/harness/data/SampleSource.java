package dev.parity.harness.data;

import java.nio.file.Path;

/**
 * Samples read in order, a block at a time, as raw float values (before divide_by, mean and std): an NPY array, a
 * CSV table's feature columns, or decoded images. Nothing but the block asked for is held in memory.
 */
public interface SampleSource extends AutoCloseable {
    /** The file or folder the samples come from, for messages. */
    Path path();

    long rows();

    /** Values per sample. */
    long rowElements();

    /** The data's own shape, samples first (as reported in summary.json). */
    long[] shape();

    /** The stored element type: an NPY dtype, "float64" for CSV cells, "uint8" for images. */
    String elementType();

    /** Reads samples [first, first + count) into {@code out} (count * rowElements values). */
    void read(long first, int count, float[] out);

    @Override
    void close();
}
