package dev.parity.runners.kserve;

import dev.parity.runners.Batch;
import dev.parity.runners.Outputs;
import dev.parity.runners.RunnerFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a batch into requests, keeps up to {@code concurrency} of them in flight, and writes every answer back at
 * its samples' position, so the order in which a server answers cannot reorder scores. Shared by the HTTP and gRPC
 * runners.
 */
final class RequestFanOut implements AutoCloseable {
    /** One request for samples [start, start + count) of the batch, answering count x k floats. */
    interface Request {
        float[] send(int start, int count) throws Exception;
    }

    private final String name;
    private final KServeSettings settings;
    private final ExecutorService pool;

    RequestFanOut(String name, KServeSettings settings) {
        this.name = name;
        this.settings = settings;
        this.pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "parity-kserve-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    Outputs run(Batch batch, String outputName, Request request) {
        int n = batch.size();
        int per = settings.requestBatch() > 0 ? settings.requestBatch()
                : Math.max(1, (n + settings.concurrency() - 1) / settings.concurrency());
        List<Future<float[]>> parts = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        for (int start = 0; start < n; start += per) {
            int count = Math.min(per, n - start);
            int s = start;
            ranges.add(new int[] {start, count});
            parts.add(pool.submit(() -> request.send(s, count)));
        }
        int k = -1;
        float[] all = null;
        try {
            for (int i = 0; i < parts.size(); i++) {
                float[] part = parts.get(i).get();
                int count = ranges.get(i)[1];
                if (k < 0) {
                    k = part.length / count;
                    all = new float[n * k];
                }
                if (part.length != count * k) {
                    throw new RunnerFailureException(name + ": samples " + (batch.firstIndex() + ranges.get(i)[0])
                            + ".. came back with " + part.length / count + " values each, earlier ones with " + k, null);
                }
                System.arraycopy(part, 0, all, ranges.get(i)[0] * k, part.length);
            }
        } catch (ExecutionException e) {
            for (Future<float[]> f : parts) f.cancel(true);
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new RunnerFailureException(name + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            for (Future<float[]> f : parts) f.cancel(true);
            Thread.currentThread().interrupt();
            throw new RunnerFailureException(name + ": interrupted", e);
        }
        return new Outputs(outputName, new long[] {n, k}, all);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
