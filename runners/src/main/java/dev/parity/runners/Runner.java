package dev.parity.runners;

/**
 * Runs batches through one model on one runtime. Opened by a factory (opening may fail with
 * {@link RunnerUnavailableException}), checked against the spec's {@link ModelContract} before use,
 * and closed exactly once in effect: {@code close()} is idempotent.
 */
public interface Runner extends AutoCloseable {

    /** The variant name from the spec. */
    String name();

    ModelSignature signature();

    /** Runtime and version, e.g. "onnxruntime 1.29.0". */
    String runtimeVersion();

    /** Where it runs, e.g. "CPUExecutionProvider" or "CUDAExecutionProvider (device 0)". */
    String executionProvider();

    /** Runs one batch and returns the contract's output. Throws {@link RunnerFailureException} on engine errors. */
    Outputs run(Batch batch);

    @Override
    void close();
}
