package dev.parity.harness.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ConstructedRun;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.history.RunStore;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.run.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lifecycle as a library, on constructed scores (no runtime, no command line): the folder and the store
 * record land together or not at all, a store that cannot take the run is a warning that changes nothing else,
 * and a run that is not to be recorded leaves no store behind.
 */
class RunSessionTest {
    @TempDir
    Path dir;
    EvaluationResult constructed;
    final List<String> warnings = new ArrayList<>();
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void scores() throws IOException {
        boolean[] y = ConstructedRun.labels(120, 3);
        float[] ref = new float[y.length];
        for (int i = 0; i < ref.length; i++) ref[i] = y[i] ? 2 + 0.01f * i : -2 - 0.01f * i;
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("copy", ref.clone());
        constructed = ConstructedRun.of(dir, scores, y, "");
    }

    private RunSession.Settings settings(Path out, Path store, boolean record) {
        return RunSession.Settings.defaults(progress::add, warnings::add).withFolder(out).withCache(dir.resolve("cache"))
                .withStore(store, record).withSpeedProbe(0);
    }

    private RunSession.Finished run(Path out, Path store, boolean record) {
        return RunSession.run(constructed.spec(), (spec, s, opener) -> constructed.scored(), settings(out, store, record));
    }

    @Test
    void theFolderAndTheRecordLandTogether() {
        Path store = dir.resolve("store.sqlite");
        RunSession.Finished f = run(dir.resolve("run"), store, true);
        assertEquals(RunSession.PASSED, f.exitCode(), f.table());
        assertTrue(new RunFolder(dir.resolve("run")).hasSummary());
        assertTrue(f.recorded().startsWith("recorded as run #1 in "), f.recorded());
        assertTrue(progress.contains(f.recorded()));
        try (RunStore s = RunStore.open(store)) {
            assertEquals(1, s.runs("constructed", null).size());
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
        // where the time went: the phases up to the decision in summary.json, every phase in the last progress line
        Map<String, Double> phases = f.summary().run().phaseSeconds();
        assertTrue(phases.keySet().containsAll(List.of("baseline", "scoring", "metrics", "deciding")), phases.toString());
        assertTrue(phases.values().stream().allMatch(v -> v >= 0), phases.toString());
        String last = progress.get(progress.size() - 1);
        assertTrue(last.startsWith("phases: baseline ") && last.contains(", writing ") && last.contains(", recording "),
                last);
    }

    /** The folder cannot be written (its parent is a file): nothing is recorded, the store is as it was. */
    @Test
    void aFolderThatCannotBeWrittenLeavesNoRecord() throws IOException {
        Path store = dir.resolve("store.sqlite");
        run(dir.resolve("first"), store, true);
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        ParityInputException e = assertThrows(ParityInputException.class,
                () -> run(notAFolder.resolve("run"), store, true));
        assertTrue(e.getMessage().contains("cannot write the outputs to"), e.getMessage());
        try (RunStore s = RunStore.open(store)) {
            assertEquals(1, s.runs("constructed", null).size(), "the second run was taken back");
        }
    }

    /** A file that is not a Parity store: warned about, never written; the run and its exit code are unchanged. */
    @Test
    void aStoreThatCannotTakeTheRunIsAWarningOnly() throws IOException {
        Path store = Files.writeString(dir.resolve("notes.sqlite"), "my notes, not a database\n");
        byte[] before = Files.readAllBytes(store);
        RunSession.Finished f = run(dir.resolve("run"), store, true);
        assertEquals(RunSession.PASSED, f.exitCode());
        assertNull(f.recorded());
        assertTrue(new RunFolder(dir.resolve("run")).hasSummary(), "the folder is the source of truth");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: the run was not recorded in the run store: ")
                && warnings.get(0).contains("parity history import"), warnings.get(0));
        assertArrayEquals(before, Files.readAllBytes(store), "a file Parity did not write is never replaced");
    }

    @Test
    void aRunNotToBeRecordedLeavesNoStore() throws IOException {
        Path store = dir.resolve("never.sqlite");
        RunSession.Finished f = run(dir.resolve("run"), store, false);
        assertNull(f.recorded());
        assertFalse(Files.exists(store));
        assertFalse(Files.readString(dir.resolve("run/report.html")).contains("id=\"trend\""));
    }
}
