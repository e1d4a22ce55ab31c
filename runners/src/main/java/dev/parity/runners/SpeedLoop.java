package dev.parity.runners;

import java.util.ArrayList;
import java.util.List;

/**
 * Times a runner on a pool of batches: a warm-up, then {@code repetitions} timed stretches of equal length, each
 * giving one figure (samples per second, or the p99 of its batch latencies in ms). Runs where the runner runs, so
 * a runner in a worker process is timed inside that process, without the hand-over to it.
 */
public final class SpeedLoop {
    private SpeedLoop() {
    }

    /**
     * @param warmUp share of {@code millis} spent warming up (libtorch's profiling executor and ONNX Runtime's first
     *               runs are slow)
     * @return one figure per repetition, in the order measured
     */
    public static double[] measure(Runner runner, List<Batch> pool, boolean latency, long millis, int repetitions,
                                   double warmUp) {
        long warmEnd = System.nanoTime() + (long) (millis * warmUp * 1e6);
        int next = 0;
        do {
            runner.run(pool.get(next++ % pool.size()));
        } while (System.nanoTime() < warmEnd);
        long perRepetition = (long) (millis * (1 - warmUp) / repetitions * 1e6);
        double[] figures = new double[repetitions];
        for (int rep = 0; rep < repetitions; rep++) {
            List<Double> batchMs = new ArrayList<>();
            long samples = 0, start = System.nanoTime(), end = start + perRepetition;
            do {
                Batch b = pool.get(next++ % pool.size());
                long t0 = System.nanoTime();
                runner.run(b);
                batchMs.add((System.nanoTime() - t0) / 1e6);
                samples += b.size();
            } while (System.nanoTime() < end);
            double seconds = (System.nanoTime() - start) / 1e9;
            figures[rep] = latency ? p99(batchMs) : samples / seconds;
        }
        return figures;
    }

    private static double p99(List<Double> ms) {
        double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[Math.min(a.length - 1, (int) Math.ceil(0.99 * a.length) - 1)];
    }
}
