package dev.parity.harness;

/**
 * Bad input or usage: a spec, dataset or model that cannot be used as given. The message names the file,
 * key or tensor, what was expected and what was found. Maps to exit code 2.
 */
public final class ParityInputException extends RuntimeException {
    public ParityInputException(String message) {
        super(message);
    }

    public ParityInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
