package dev.parity.convert;

/**
 * What an FP16 conversion did.
 *
 * @param initializersConverted float32 initializers stored as float16
 * @param clampedToMax          values beyond +-65504 (the float16 range) clamped to +-65504
 * @param clampedToMinSubnormal non-zero values below the smallest float16 subnormal (2^-24) raised to +-2^-24,
 *                              so that they do not become zero
 * @param blockedNodes          nodes kept in float32
 * @param castsInserted         Cast nodes added at the edges and around blocked nodes
 */
public record Fp16Report(int initializersConverted, long clampedToMax, long clampedToMinSubnormal, int blockedNodes,
                         int castsInserted) {
}
