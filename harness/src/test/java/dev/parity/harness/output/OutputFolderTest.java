package dev.parity.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void nothingIsVisibleUntilCommitAndAFailureLeavesNothing() throws IOException {
        Path target = dir.resolve("run");
        try (OutputFolder out = new OutputFolder(target)) {
            out.write("summary.json", "{}");
            assertFalse(Files.exists(target));
            // no commit: as if the run failed here
        }
        assertFalse(Files.exists(target));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the staging folder is removed");
        }
    }

    @Test
    void commitReplacesAnEarlierRunWhole() throws IOException {
        Path target = dir.resolve("run");
        Files.createDirectories(target);
        Files.writeString(target.resolve("stale.txt"), "old");
        try (OutputFolder out = new OutputFolder(target)) {
            out.write("summary.json", "{\"new\":1}");
            out.commit();
        }
        assertTrue(Files.exists(target.resolve("summary.json")));
        assertFalse(Files.exists(target.resolve("stale.txt")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count(), "no staging or old folder left behind");
        }
    }
}
