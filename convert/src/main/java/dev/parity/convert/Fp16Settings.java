package dev.parity.convert;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to convert a model to FP16.
 *
 * @param keepIoTypes keep graph inputs and outputs float32, with Casts at the edges (default true)
 * @param blockOps    op types that stay float32, with Casts around them; {@link #DEFAULT_BLOCK_OPS} plus the user's
 * @param blockNodes  node names that stay float32
 */
public record Fp16Settings(boolean keepIoTypes, Set<String> blockOps, Set<String> blockNodes) {

    /**
     * Ops kept in float32 by default: ops whose float inputs are coordinates, scales or sizes (Resize, Range,
     * RoiAlign, NonMaxSuppression, TopK), running sums that overflow 65504 (CumSum, ReduceSum, ReduceSumSquare,
     * ReduceL2, ReduceLogSumExp; ReduceMean sums before it divides), random generators, and quantization
     * nodes whose scales must be float32 before opset 19.
     */
    public static final List<String> DEFAULT_BLOCK_OPS = List.of("Resize", "Upsample", "Range", "RoiAlign",
            "NonMaxSuppression", "TopK", "CumSum", "ReduceSum", "ReduceSumSquare", "ReduceL2", "ReduceLogSumExp",
            "ReduceMean", "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Multinomial",
            "QuantizeLinear", "DequantizeLinear");

    public Fp16Settings {
        blockOps = Set.copyOf(blockOps);
        blockNodes = Set.copyOf(blockNodes);
    }

    /** The defaults, with extra op types and node names to block. */
    public static Fp16Settings defaults(boolean keepIoTypes, List<String> extraOps, List<String> nodes) {
        Set<String> ops = new TreeSet<>(DEFAULT_BLOCK_OPS);
        ops.addAll(extraOps);
        return new Fp16Settings(keepIoTypes, ops, new TreeSet<>(nodes));
    }
}
