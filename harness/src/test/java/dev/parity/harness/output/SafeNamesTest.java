package dev.parity.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A spec's name picks the default output folder; it must not be able to point anywhere else. */
class SafeNamesTest {
    @Test
    void namesCannotClimbOutOrHide() {
        for (String hostile : new String[] {"../../etc", "/etc/passwd", "..", ".", "a/../../b", "~root", "", "\u0000x",
                "name with spaces", "..\\..\\windows"}) {
            String folder = SafeNames.folder(hostile);
            Path resolved = Path.of("/work/runs").resolve(folder).normalize();
            assertEquals(Path.of("/work/runs"), resolved.getParent(), hostile + " -> " + folder);
            assertFalse(folder.startsWith("."), hostile + " -> " + folder);
            assertFalse(folder.isEmpty());
        }
        assertEquals("fashion-mnist-coat", SafeNames.folder("fashion-mnist-coat"));
    }
}
