package dev.parity.runners;

/**
 * The named output of one batch as float32, row-major, with its shape ([batch, ...]).
 * Float16 and float64 outputs are widened or narrowed to float32 by the runner.
 */
public record Outputs(String name, long[] shape, float[] data) {

    /** Elements per sample: the product of all dimensions after the first. */
    public int perSample() {
        long n = 1;
        for (int i = 1; i < shape.length; i++) n *= shape[i];
        return (int) n;
    }
}
