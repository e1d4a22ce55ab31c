package dev.parity.convert;

/** A model or setting the converters cannot use as given; the message names the file, node or setting. */
public final class ConversionException extends RuntimeException {
    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
