package dev.parity.runners;

/**
 * The runtime is here but computes wrong results on this CPU in every mode Parity can start it in: unavailable, with
 * the self-check's evidence as the reason. A run whose reference this happens to stops, saying so (exit 1): it is the
 * machine's fault, not the spec's.
 */
public final class RuntimeUntrustedException extends RunnerUnavailableException {
    public RuntimeUntrustedException(String message) {
        super(message, null);
    }
}
