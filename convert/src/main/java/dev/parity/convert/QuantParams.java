package dev.parity.convert;

/**
 * Scale and zero point of one quantized tensor: q = clamp(round(x / scale) + zeroPoint).
 *
 * @param unsigned true for uint8 storage (0..255), false for int8 (-128..127)
 */
record QuantParams(float scale, int zeroPoint, boolean unsigned) {

    /** Symmetric int8, zero point 0, range [-amax, amax] onto [-127, 127] (TensorRT's form). */
    static QuantParams symmetricInt8(double amax) {
        return new QuantParams(amax > 0 ? (float) (amax / 127.0) : 1f, 0, false);
    }

    /**
     * Asymmetric uint8 over [lo, hi] widened to include 0 (so that 0 is exact: padding, ReLU). A range starting
     * at 0 puts the zero point at 0, the bottom, so quantizing clamps negatives like a ReLU.
     */
    static QuantParams asymmetricUint8(double lo, double hi) {
        double l = Math.min(lo, 0), h = Math.max(hi, 0);
        if (!(h > l)) {
            return new QuantParams(1f, 0, true);
        }
        float scale = (float) ((h - l) / 255.0);
        int zp = (int) Math.round(-l / scale);
        return new QuantParams(scale, Math.max(0, Math.min(255, zp)), true);
    }
}
