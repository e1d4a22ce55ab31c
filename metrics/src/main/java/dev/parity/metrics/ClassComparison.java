package dev.parity.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A variant's classes against the reference's, sample by sample: top-1 agreement, the class flip matrix (reference
 * class to variant class, with a last row and column for "no class": a NaN/Inf score), the samples that changed
 * class, and how much of the reference's top-k the variant keeps.
 *
 * @param flips       (K+1) x (K+1) counts, [reference class][variant class]; index K is "no class"
 * @param changed     the sample indexes whose class changed, in order
 * @param k           the k of the top-k figures
 * @param topKOverlap mean over samples of |reference top-k ∩ variant top-k| / k (a sample with no class keeps 0)
 * @param leftTopK    samples whose reference class is not among the variant's top k
 */
public record ClassComparison(long samples, long agreeing, long[][] flips, int[] changed, int k, double topKOverlap,
                              long leftTopK) {

    /** One cell off the flip matrix's diagonal: samples of reference class {@code from} the variant puts in {@code to}. */
    public record Flip(int from, int to, long count) {
    }

    public static ClassComparison of(ClassScores reference, ClassScores variant, int k) {
        if (reference.classes() != variant.classes() || reference.samples() != variant.samples()) {
            throw new IllegalArgumentException("the variant has " + variant.samples() + " samples x "
                    + variant.classes() + " classes, the reference " + reference.samples() + " x "
                    + reference.classes());
        }
        int n = reference.samples(), classes = reference.classes();
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        int kk = Math.min(k, classes);
        long[][] flips = new long[classes + 1][classes + 1];
        List<Integer> changed = new ArrayList<>();
        long agreeing = 0, left = 0;
        double overlap = 0;
        for (int i = 0; i < n; i++) {
            int r = reference.top1(i), v = variant.top1(i);
            flips[r == ClassScores.NONE ? classes : r][v == ClassScores.NONE ? classes : v]++;
            if (r == v && r != ClassScores.NONE) {
                agreeing++;
            } else {
                changed.add(i);
            }
            int[] rk = reference.topK(i, kk), vk = variant.topK(i, kk);
            int shared = 0;
            boolean kept = false;
            for (int a : rk) {
                for (int b : vk) {
                    if (a == b) shared++;
                }
            }
            for (int b : vk) if (b == r) kept = true;
            overlap += (double) shared / kk;
            if (r != ClassScores.NONE && !kept) left++;
        }
        return new ClassComparison(n, agreeing, flips, changed.stream().mapToInt(Integer::intValue).toArray(), kk,
                n == 0 ? Double.NaN : overlap / n, left);
    }

    /** Share of samples whose class is the reference's (a sample with no class on either side never agrees). */
    public double agreement() {
        return samples == 0 ? Double.NaN : (double) agreeing / samples;
    }

    /** Its Wilson interval at this confidence's z. */
    public Wilson agreementInterval(double z) {
        return Wilson.interval(agreeing, samples, z);
    }

    /** The flip matrix's off-diagonal cells that hold samples, most samples first (then by class). */
    public List<Flip> largestFlips() {
        List<Flip> out = new ArrayList<>();
        for (int a = 0; a < flips.length; a++) {
            for (int b = 0; b < flips.length; b++) {
                if (a != b && flips[a][b] > 0) out.add(new Flip(a, b, flips[a][b]));
            }
        }
        out.sort(Comparator.comparingLong(Flip::count).reversed().thenComparingInt(Flip::from)
                .thenComparingInt(Flip::to));
        return out;
    }
}
