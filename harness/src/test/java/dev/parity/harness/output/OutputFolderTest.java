package dev.parity.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
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
        try (OutputFolder out = new OutputFolder(target, "--out")) {
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
        try (OutputFolder out = new OutputFolder(target, "--out")) {
            out.write("summary.json", "{\"old\":1}");
            out.write("scores/0.f32", "x");
            out.commit();
        }
        assertTrue(Files.isRegularFile(target.resolve(RunFolders.MARKER)), "a run folder carries the marker");
        try (OutputFolder out = new OutputFolder(target, "--out")) {
            out.write("summary.json", "{\"new\":1}");
            out.commit();
        }
        assertEquals("{\"new\":1}", Files.readString(target.resolve("summary.json")));
        assertFalse(Files.exists(target.resolve("scores")), "the earlier run is replaced whole");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count(), "no staging or old folder left behind");
        }
    }

    @Test
    void aFolderWithAForeignFileIsRefusedAndUntouched() throws IOException {
        Path target = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(target.resolve("notes.txt"), "my notes");
        Files.createDirectories(target.resolve("sub"));
        Files.write(target.resolve("sub/data.bin"), new byte[] {1, 2, 3});
        ParityInputException e = assertThrows(ParityInputException.class, () -> new OutputFolder(target, "--out"));
        assertTrue(e.getMessage().contains("--out " + target) && e.getMessage().contains("'notes.txt'")
                && e.getMessage().contains("Nothing was touched"), e.getMessage());
        assertEquals("my notes", Files.readString(target.resolve("notes.txt")));
        assertTrue(Files.isRegularFile(target.resolve("sub/data.bin")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count(), "no staging folder was made");
        }
    }

    @Test
    void anEarlierRunWithAForeignFileAddedIsRefusedNamingIt() throws IOException {
        Path target = dir.resolve("run");
        try (OutputFolder out = new OutputFolder(target, "--out")) {
            out.write("summary.json", "{}");
            out.commit();
        }
        Files.writeString(target.resolve("my-analysis.ipynb"), "{}");
        ParityInputException e = assertThrows(ParityInputException.class, () -> new OutputFolder(target, "--out"));
        assertTrue(e.getMessage().contains("'my-analysis.ipynb' in it was not written by Parity"), e.getMessage());
        assertTrue(Files.exists(target.resolve("my-analysis.ipynb")));
    }

    @Test
    void aForeignFileAppearingDuringTheRunStopsTheCommit() throws IOException {
        Path target = dir.resolve("run");
        Files.createDirectories(target);
        try (OutputFolder out = new OutputFolder(target, "--out")) {
            out.write("summary.json", "{}");
            Files.writeString(target.resolve("late.txt"), "written while the run went");
            assertThrows(ParityInputException.class, out::commit);
        }
        assertTrue(Files.exists(target.resolve("late.txt")));
        assertFalse(Files.exists(target.resolve("summary.json")));
    }

    @Test
    void aRunFolderFromBeforeTheMarkerIsStillOurs() throws IOException {
        Path target = Files.createDirectories(dir.resolve("legacy"));
        Files.writeString(target.resolve("summary.json"), "{\"schema_version\":1,\"tool\":\"parity\"}");
        Files.writeString(target.resolve("report.md"), "# old");
        RunFolders.requireOurs(target, "--out");
        Files.writeString(target.resolve("extra.csv"), "a,b");
        assertThrows(ParityInputException.class, () -> RunFolders.requireOurs(target, "--out"));
    }

    @Test
    void aFileWhereAFolderShouldBeIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("out"), "x");
        ParityInputException e = assertThrows(ParityInputException.class, () -> RunFolders.requireOurs(file, "--out"));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }

    @Test
    void addingToAFolderExtendsItsMarker() throws IOException {
        Path target = dir.resolve("bench");
        Files.createDirectories(target);
        Files.writeString(target.resolve("bench.json"), "{}");
        RunFolders.add(target, "bench.json");
        RunFolders.requireOurs(target, "--out");
    }
}
