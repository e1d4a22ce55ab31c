package dev.parity.runners;

/**
 * The runtime a variant needs cannot run on this machine (no CUDA driver, native library missing, server
 * unreachable). The run records the variant as unavailable with this message and carries on.
 */
public class RunnerUnavailableException extends Exception {
    public RunnerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
