package dev.parity.harness;

import dev.parity.common.ParityException;

/**
 * The run cannot produce a comparison, though the input was valid: the reference variant failed while running
 * (a crash, a server that went away), so there is nothing to compare the other variants with. Maps to exit
 * code 1, like a failed gate: it is the kind of fault a nightly job exists to report, not a bad spec.
 */
public final class RunFailedException extends ParityException {
    public RunFailedException(String message) {
        super(Status.RUN_FAILED, message, null);
    }
}
