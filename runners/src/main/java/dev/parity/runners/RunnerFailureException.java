package dev.parity.runners;

/** A runner failed while running a batch (a runtime error inside the engine), with the variant named. */
public final class RunnerFailureException extends RuntimeException {
    public RunnerFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
