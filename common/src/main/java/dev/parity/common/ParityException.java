package dev.parity.common;

/**
 * An error Parity expects and explains: the message names the file, key or tensor, and the exit status travels
 * with the exception (as ONNX Runtime's OrtException carries its error code), so the command line reads it instead
 * of testing a chain of exception types. Anything else that escapes a command is a bug (exit 3).
 */
public class ParityException extends RuntimeException {
    /** What went wrong, as the process's exit status says it. */
    public enum Status {
        /** A run that could not compare what it was asked to (a reference with no finite score, ...). */
        RUN_FAILED(1),
        /** Bad input or usage: a file, key, tensor or option the user gave is wrong. */
        BAD_INPUT(2);

        public final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Status status;

    protected ParityException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
