package dev.parity.harness.pipeline;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.history.RunStore;
import dev.parity.harness.results.RunSummary;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A run being recorded in the run store while its folder is written: begun before the reports are rendered (so the
 * report's trend includes the run), committed once the folder is, taken back if it is not. A store that cannot
 * take the run is a warning, never a reason to change what the run found: the folder is the source of truth, and
 * {@code parity history import} adds it later.
 */
final class RunRecord implements AutoCloseable {
    private final RunStore store;
    private final Path runDir;
    private final Consumer<String> warnings;
    private final long id;

    private RunRecord(RunStore store, long id, Path runDir, Consumer<String> warnings) {
        this.store = store;
        this.id = id;
        this.runDir = runDir;
        this.warnings = warnings;
    }

    /** @param storeFile the run store, or null not to record (then nothing is drawn from it either) */
    static RunRecord begin(Path storeFile, RunSummary summary, int exitCode, Path runDir, Consumer<String> warnings) {
        if (storeFile == null) return new RunRecord(null, -1, runDir, warnings);
        RunStore store = null;
        try {
            store = RunStore.open(storeFile);
            return new RunRecord(store, store.begin(summary, exitCode, runDir), runDir, warnings);
        } catch (ParityInputException e) {
            if (store != null) store.close();
            warnings.accept(notRecorded(e.getMessage(), runDir));
            return new RunRecord(null, -1, runDir, warnings);
        }
    }

    /** The spec's recent runs, this one included, as the report's trend (base64 PNG), or null. */
    String trend(String spec) {
        return store == null ? null : StoreTrend.forReport(store, spec);
    }

    /** Keeps the run in the store; the sentence saying where, or null when it was not recorded. */
    String commit() {
        if (store == null) return null;
        try {
            store.commit();
            return "recorded as run #" + id + " in " + store.file();
        } catch (ParityInputException e) {
            warnings.accept(notRecorded(e.getMessage(), runDir));
            return null;
        }
    }

    private static String notRecorded(String why, Path runDir) {
        return "warning: the run was not recorded in the run store: " + why + " (parity history import " + runDir
                + " adds it later)";
    }

    @Override
    public void close() {
        if (store != null) store.close(); // rolls back a run that was not committed
    }
}
