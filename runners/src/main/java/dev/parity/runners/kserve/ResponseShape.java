package dev.parity.runners.kserve;

import dev.parity.runners.InvalidModelException;
import java.util.Arrays;

/** Checks an output shape a server sent: one row per requested sample, and a size that can exist. */
final class ResponseShape {
    private ResponseShape() {
    }

    /**
     * @param shape the shape as sent, or null when it was not a list of integers
     * @return the number of elements it holds
     */
    static int elements(KServeSettings settings, String output, long[] shape, String asSent, int count,
                        long firstSample) {
        if (shape == null || shape.length == 0 || shape[0] != count) {
            throw new InvalidModelException(settings.where() + ": output '" + output + "' has shape " + asSent
                    + " for a request of " + count + " samples (from sample index " + firstSample + ")");
        }
        long elements = 1;
        try {
            for (long d : shape) {
                if (d < 0) throw new ArithmeticException();
                elements = Math.multiplyExact(elements, d);
            }
        } catch (ArithmeticException e) {
            elements = -1;
        }
        if (elements < 0 || elements > Integer.MAX_VALUE / 4) {
            throw new InvalidModelException(settings.where() + ": output '" + output + "' has an impossible shape "
                    + Arrays.toString(shape));
        }
        return (int) elements;
    }
}
