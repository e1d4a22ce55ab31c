package dev.parity.runners;

import dev.parity.common.ParityException;

/**
 * A model file is missing, unreadable, not loadable by its runtime, or its inputs/outputs differ from what
 * the spec expects. A problem with the input files (exit code 2), as opposed to a runtime that is
 * unavailable on this machine.
 */
public final class InvalidModelException extends ParityException {
    public InvalidModelException(String message) {
        super(Status.BAD_INPUT, message, null);
    }
}
