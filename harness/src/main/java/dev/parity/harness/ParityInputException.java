package dev.parity.harness;

import dev.parity.common.ParityException;

/**
 * Bad input or usage: a spec, dataset or model that cannot be used as given. The message names the file,
 * key or tensor, what was expected and what was found. Maps to exit code 2.
 */
public final class ParityInputException extends ParityException {
    public ParityInputException(String message) {
        super(Status.BAD_INPUT, message, null);
    }

    public ParityInputException(String message, Throwable cause) {
        super(Status.BAD_INPUT, message, cause);
    }
}
