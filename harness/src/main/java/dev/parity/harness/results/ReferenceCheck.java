package dev.parity.harness.results;

/**
 * The reference cross-checked against its FP32 export: two FP32 implementations of one network (the PyTorch
 * reference and the ONNX export it was made from) must agree to about float32 rounding; far beyond it, one of the
 * runtimes computes this network wrong on this host and the reference cannot be trusted.
 *
 * @param twin       the variant that is the reference's FP32 export
 * @param compared   samples whose scores are finite on both sides
 * @param maxAbsDiff the largest |reference - twin| over them
 * @param p99AbsDiff its 99th percentile
 * @param tolerance  the bound: 1e-3 of the reference's largest |score| (at least 1e-3), a hundred times and more
 *                   the float32 error two FP32 runtimes show on one network (the demo's: 5.7e-6)
 */
public record ReferenceCheck(String twin, long compared, double maxAbsDiff, double p99AbsDiff, double tolerance) {
    public static final double RELATIVE_TOLERANCE = 1e-3;
}
