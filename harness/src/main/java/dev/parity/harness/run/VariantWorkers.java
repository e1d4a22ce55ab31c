package dev.parity.harness.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * One thread per variant, each taking the batches in the order they were offered from its own bounded queue, so a
 * fast variant runs ahead of a slow one instead of waiting for it at every batch (no barrier), and the reader is
 * held back only when the slowest is {@code depth} batches behind: at most depth + 2 batches are alive at once.
 * Local runtimes compute on this machine's cores, so at most {@code localWorkers} of their batches run at a time;
 * a served variant mostly waits for its server, so it does not count against them.
 *
 * <p>A task's unchecked exception stops the whole pass: the others skip the rest of their queues and {@link #finish}
 * rethrows the first one as it was. A variant's own faults are not exceptions here (the task records them).
 *
 * @param <T> what one batch is, as the tasks see it
 */
final class VariantWorkers<T> implements AutoCloseable {
    /** ONNX Runtime recurses deeply on the calling thread (see ParityCli); the workers get the same margin. */
    static final long STACK_BYTES = 64L << 20;
    private static final Object END = new Object();
    static final long WAIT_TICK_MILLIS = 1000;

    private final int depth;
    private final Semaphore cores;
    private final List<Worker> workers = new ArrayList<>();
    private volatile Throwable fatal;
    private boolean finished;

    /**
     * @param localWorkers local variants that may compute at once
     * @param depth        batches a variant may fall behind the reader
     */
    VariantWorkers(int localWorkers, int depth) {
        this.depth = Math.max(1, depth);
        this.cores = new Semaphore(Math.max(1, localWorkers), true);
    }

    /** Starts a variant's thread; {@code work} runs once per batch, in order. */
    void start(String name, boolean local, Consumer<T> work) {
        Worker w = new Worker(local, work);
        Thread t = new Thread(null, w, "parity-" + name, STACK_BYTES);
        t.setDaemon(true);
        w.thread = t;
        workers.add(w);
        t.start();
    }

    /** Hands a batch to every variant, waiting while the slowest has {@code depth} batches queued. */
    void offer(T batch) {
        for (Worker w : workers) put(w.queue, batch);
    }

    /** A task failed: the pass stops; the reader checks this before reading on. */
    boolean stopped() {
        return fatal != null;
    }

    /** Waits until every variant has done every batch offered, then rethrows the first task's exception. */
    void finish() {
        finish(() -> { });
    }

    /**
     * The same, calling {@code whileWaiting} about once a second meanwhile: the reader is done long before a slow
     * variant is, and a log should still show how far that variant has got.
     */
    void finish(Runnable whileWaiting) {
        if (finished) return;
        finished = true;
        for (Worker w : workers) put(w.queue, END);
        for (Worker w : workers) {
            boolean interrupted = false;
            while (true) {
                try {
                    w.thread.join(WAIT_TICK_MILLIS);
                    if (w.thread.isAlive()) {
                        whileWaiting.run();
                        continue;
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // a runner may still be in use: it must not be closed under the worker
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        Throwable first = fatal;
        if (first instanceof RuntimeException re) throw re;
        if (first instanceof Error err) throw err;
        if (first != null) throw new IllegalStateException(first);
    }

    /** Stops and joins the workers without rethrowing: for when the reader itself failed. */
    @Override
    public void close() {
        if (finished) return;
        if (fatal == null) fatal = new CancelledPass();
        try {
            finish();
        } catch (RuntimeException | Error ignored) {
            // the reader's own exception is the one that propagates
        }
    }

    private static void put(BlockingQueue<Object> queue, Object item) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(item);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the workers always drain their queues, so this put ends
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** The marker for a pass stopped from outside, which nobody rethrows. */
    private static final class CancelledPass extends RuntimeException {
        CancelledPass() {
            super("scoring pass cancelled", null, false, false);
        }
    }

    private final class Worker implements Runnable {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(depth);
        final boolean local;
        final Consumer<T> work;
        Thread thread;

        Worker(boolean local, Consumer<T> work) {
            this.local = local;
            this.work = work;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void run() {
            while (true) {
                Object item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    continue; // nobody interrupts these threads on purpose; the queue must still be drained
                }
                if (item == END) return;
                if (fatal != null) continue; // drain without working, so the reader never blocks
                if (local) cores.acquireUninterruptibly();
                try {
                    work.accept((T) item);
                } catch (RuntimeException | Error e) {
                    synchronized (VariantWorkers.this) {
                        if (fatal == null) fatal = e;
                    }
                } finally {
                    if (local) cores.release();
                }
            }
        }
    }

    /** Waits for every thread, even when interrupted (the interrupt is kept for the caller). */
    static void joinAll(java.util.List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
