package dev.parity.harness.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one batch of every variant at once, each variant's task on its own thread, and waits for all of them. Local
 * runtimes compute on this machine's cores, so at most {@code localWorkers} of their tasks run at a time; a served
 * variant mostly waits for its server, so it does not count against them.
 */
final class VariantWorkers implements AutoCloseable {
    /** ONNX Runtime recurses deeply on the calling thread (see ParityCli); the workers get the same margin. */
    static final long STACK_BYTES = 64L << 20;

    private final ExecutorService pool;
    private final Semaphore cores;
    private final List<Future<?>> pending = new ArrayList<>();

    /**
     * @param localWorkers local tasks that may run at once
     * @param threads      tasks in one batch at most (one per variant)
     */
    VariantWorkers(int localWorkers, int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(null, r, "parity-variant-" + n.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
        // fair: the tasks take the cores in the order they were submitted, slowest variant first
        this.cores = new Semaphore(Math.max(1, localWorkers), true);
    }

    /** Starts a variant's work on this batch. */
    void submit(Runnable task, boolean local) {
        pending.add(pool.submit(() -> {
            if (local) cores.acquireUninterruptibly();
            try {
                task.run();
            } finally {
                if (local) cores.release();
            }
        }));
    }

    /**
     * Waits for every task of the batch, then rethrows the first task's unchecked exception as it was: no task may
     * still be using a runner when the caller goes on (and perhaps closes them).
     */
    void awaitAll() {
        Throwable first = null;
        try {
            for (Future<?> f : pending) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) first = e.getCause();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring", e);
        } finally {
            pending.clear();
        }
        if (first instanceof RuntimeException re) throw re;
        if (first instanceof Error err) throw err;
        if (first != null) throw new IllegalStateException(first);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
