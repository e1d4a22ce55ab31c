package dev.parity.runners;

import java.util.Arrays;

/**
 * Runs batches through one model on one runtime, as Polygraphy's BaseRunner does with {@code infer} and
 * {@code infer_impl}: this base holds the contract every runtime shares, and a runtime supplies only what differs.
 * <ul>
 *   <li>On open, a signature the model declares is checked against the spec's {@link ModelContract}, naming both
 *   sides on a mismatch (TorchScript declares none; its check is the first batch's output).</li>
 *   <li>{@link #run} checks every batch's output: one result per sample, batch first, as many values as the shape
 *   says. A runtime cannot return a wrong count unnoticed.</li>
 *   <li>Only the runtime's own call is timed ({@link #timed}), so Java-side copies do not count as inference.</li>
 *   <li>{@link #close} is idempotent; a closed runner refuses to run.</li>
 * </ul>
 * Opening is a factory's job (it may fail with {@link RunnerUnavailableException}); see each runtime's {@code open}.
 */
public abstract class Runner implements AutoCloseable {
    private final String name;
    private final ModelContract contract;
    private final ModelSignature signature;
    private long lastInferenceNanos;
    private boolean closed;

    /**
     * @param where how messages name the model (its file, or the server and model)
     * @throws InvalidModelException when the declared signature differs from the contract
     */
    protected Runner(String name, ModelContract contract, ModelSignature signature, String where) {
        this.name = name;
        this.contract = contract;
        this.signature = signature;
        if (signature.declared()) SignatureCheck.require(where, signature, contract);
    }

    /** The variant name from the spec. */
    public final String name() {
        return name;
    }

    /** What the model declares it takes and gives (for TorchScript: what the spec says, undeclared). */
    public final ModelSignature signature() {
        return signature;
    }

    /** The spec's contract, with tensor names as this runtime knows them. */
    protected final ModelContract contract() {
        return contract;
    }

    /** Runtime and version, e.g. "onnxruntime 1.29.0". */
    public abstract String runtimeVersion();

    /** Where it runs, e.g. "CPUExecutionProvider" or "CUDAExecutionProvider (device 0)". */
    public abstract String executionProvider();

    /**
     * Runs one batch and returns the contract's output, checked to hold one result per sample.
     *
     * @throws RunnerFailureException on engine or server errors
     * @throws InvalidModelException  when the output does not fit the batch
     */
    public final Outputs run(Batch batch) {
        if (closed) throw new IllegalStateException(name + ": run after close");
        lastInferenceNanos = 0;
        Outputs out = runImpl(batch);
        if (out == null) throw new RunnerFailureException(name + ": the runtime returned no output", null);
        long[] shape = out.shape();
        if (shape.length == 0 || shape[0] != batch.size()) {
            throw new InvalidModelException(name + ": returned " + (shape.length == 0 ? "a scalar" : shape[0]
                    + " result(s)") + " for a batch of " + batch.size() + " samples (output '" + out.name()
                    + "' has shape " + Arrays.toString(shape) + "); expected one result per sample, batch first");
        }
        long elements = 1;
        for (long d : shape) elements *= d;
        if (elements != out.data().length) {
            throw new InvalidModelException(name + ": output '" + out.name() + "' has shape " + Arrays.toString(shape)
                    + " but " + out.data().length + " values");
        }
        return out;
    }

    /** The runtime's own inference on one batch; the base checks what it returns. */
    protected abstract Outputs runImpl(Batch batch);

    /** A call into the runtime that is timed as inference. */
    @FunctionalInterface
    protected interface RuntimeCall<T, E extends Exception> {
        T call() throws E;
    }

    /** Runs and times the runtime's own call: what speed figures count (not the Java-side copies around it). */
    protected final <T, E extends Exception> T timed(RuntimeCall<T, E> call) throws E {
        long t0 = System.nanoTime();
        try {
            return call.call();
        } finally {
            lastInferenceNanos += System.nanoTime() - t0;
        }
    }

    /**
     * Times this runner on {@code pool} (see {@link SpeedLoop}); a runner in another process times itself there.
     *
     * @return one figure per repetition: samples/s, or p99 batch latency in ms
     */
    public double[] timeRepetitions(java.util.List<Batch> pool, boolean latency, long millis, int repetitions,
                                    double warmUp) {
        return SpeedLoop.measure(this, pool, latency, millis, repetitions, warmUp);
    }

    /**
     * How this runner's process was started on this host (e.g. "worker process, oneDNN capped at SSE4.1"), or null
     * when it runs inside the calling process as the process was started.
     */
    public String hostMode() {
        return null;
    }

    /** The most memory the runner's own process held (its peak RSS), or -1 when it shares the caller's. */
    public long peakRssBytes() {
        return -1;
    }

    /** For a runner that reports inference time measured elsewhere (another process): the last run's time. */
    protected final void reportInferenceNanos(long nanos) {
        lastInferenceNanos = nanos;
    }

    /** Nanoseconds the last {@link #run} spent in the runtime's own calls. */
    public final long lastInferenceNanos() {
        return lastInferenceNanos;
    }

    /** Closes once; later calls do nothing. */
    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        closeImpl();
    }

    /** Releases the runtime's resources; called at most once. */
    protected abstract void closeImpl();
}
