package dev.parity.convert;

import dev.parity.common.ParityException;

/** A model or setting the converters cannot use as given; the message names the file, node or setting. */
public final class ConversionException extends ParityException {
    public ConversionException(String message) {
        super(Status.BAD_INPUT, message, null);
    }

    public ConversionException(String message, Throwable cause) {
        super(Status.BAD_INPUT, message, cause);
    }
}
