package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** parity compare's messages say its options, with nothing of the spec key's quoting left over. */
class CompareMessagesTest {
    private static String said(String message) {
        return CompareMessages.inOptions(message, 0, "none", List.of());
    }

    @Test
    void preprocessingKeysBecomeTheirOptions() {
        // before: "--std' needs 1 value ...", the key's closing quote left behind
        assertEquals("--std needs 1 value or one per channel (1, the first dimension of shape); found 2",
                said("(parity compare): 'dataset.preprocessing.std' needs 1 value or one per channel (1, the first "
                        + "dimension of shape); found 2"));
        assertEquals("--divide-by must be > 0, found 0", said("'dataset.preprocessing.divide_by' must be > 0, found 0"));
        assertEquals("--shape must have 1 to 4 dimensions", said("'dataset.preprocessing.shape' must have 1 to 4 "
                + "dimensions"));
        assertEquals("--mean and --std differ", said("'dataset.preprocessing.mean' and 'dataset.preprocessing.std' "
                + "differ"));
    }
}
