package dev.parity.harness.run;

import dev.parity.harness.ParityInputException;
import java.util.Locale;

/**
 * Whether a run's scores fit in this JVM's heap, checked before any work: scores are float arrays, samples x
 * variants, and the comparisons that follow need a few arrays of the dataset's length at a time. Measured on the
 * tabular example with three variants: 1M samples ran in a 48 MB heap and not in 40 MB, 4M in 160 MB and not in
 * 144 MB, so about 12 bytes per sample and variant, all included. The estimate here allows 4 bytes per score plus
 * 32 per sample plus a fixed margin, above that measure, so that a run it lets start does not run out midway.
 */
public final class MemoryBudget {
    /** Bytes per sample beyond its scores: labels, verdicts, the sorted copies and differences of one comparison. */
    static final long PER_SAMPLE = 32;
    static final long PER_SCORE = Float.BYTES;
    /** Everything else: runtimes' Java side, batches in flight, reports. */
    static final long FIXED = 64L << 20;

    private MemoryBudget() {
    }

    /** Heap bytes a run of this many samples and variants is allowed for. */
    public static long needed(long samples, int variants) {
        return samples * (PER_SCORE * Math.max(1, variants) + PER_SAMPLE) + FIXED;
    }

    /** The most samples a heap of {@code heapBytes} holds with this many variants. */
    public static long largestRun(long heapBytes, int variants) {
        return Math.max(0, (heapBytes - FIXED) / (PER_SCORE * Math.max(1, variants) + PER_SAMPLE));
    }

    /** Refuses, with what is needed and how to give it, a run that would not fit this JVM's heap. */
    public static void require(long samples, int variants, String what) {
        require(samples, variants, Runtime.getRuntime().maxMemory(), what);
    }

    static void require(long samples, int variants, long heapBytes, String what) {
        long need = needed(samples, variants);
        if (need <= heapBytes) return;
        throw new ParityInputException(String.format(Locale.ROOT, "%s: %,d samples x %d variant(s) needs about %s of"
                + " Java heap for its scores and this JVM may use %s (enough for %,d samples with %d variant(s)); give"
                + " it more with PARITY_JAVA_OPTS=-Xmx%dg (a shard, parity eval --shard k/n, needs only its own"
                + " samples, but parity merge needs them all)", what, samples, variants, size(need), size(heapBytes),
                largestRun(heapBytes, variants), variants, (need >> 30) + 1));
    }

    static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }
}
