package dev.parity.harness.cli;

import dev.parity.harness.history.RunStore;
import dev.parity.harness.results.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --history DB and --no-history, shared by the commands that finish runs (eval, merge, bench into a run). */
public final class HistoryOptions {
    @Option(names = "--history", paramLabel = "DB", description = "The run store to record into (SQLite; default "
            + "$PARITY_HISTORY, else runs/history.sqlite).")
    Path history;

    @Option(names = "--no-history", description = "Do not record this run in the run store.")
    boolean noHistory;

    /**
     * Records a run folder as it now is (after parity bench re-decided it) into the default store; the sentence
     * to print. A run folder without a summary records nothing.
     */
    public static String recordFolder(Path runDir) {
        Path summary = new dev.parity.harness.results.RunFolder(runDir).summary();
        if (!java.nio.file.Files.isRegularFile(summary)) return "";
        try (RunStore store = RunStore.open(file(null))) {
            RunSummary s = dev.parity.harness.results.RunFileCodec.readSummary(summary);
            int code = ParityCli.exitCode(s.decision());
            return "recorded as run #" + store.record(s, code, runDir) + " in " + store.file();
        } catch (dev.parity.harness.ParityInputException | dev.parity.harness.results.RunFileException e) {
            return "warning: not recorded in the run store: " + e.getMessage();
        }
    }

    /** Runs the report's trend shows, at most. */
    static final int TREND_RUNS = 10;

    /**
     * The agreement trend of the spec's last runs in the store (this one included), as a base64 PNG for the
     * report; null without a store, with --no-history, or before there are two runs.
     */
    String trend(String spec) {
        if (noHistory || !java.nio.file.Files.exists(file())) return null;
        try (RunStore store = RunStore.open(file())) {
            java.util.List<RunStore.Run> runs = store.runs(spec, null);
            if (runs.size() < 2) return null;
            runs = runs.subList(Math.max(0, runs.size() - TREND_RUNS), runs.size());
            java.util.Set<String> names = new java.util.LinkedHashSet<>(store.variants(runs.get(runs.size() - 1).id()));
            var panel = HistoryCommand.panels(store, runs, names).get(0);
            return java.util.Base64.getEncoder().encodeToString(dev.parity.harness.output.TrendChart.png(
                    HistoryCommand.dates(runs), java.util.List.of(panel), HistoryCommand.changes(runs)));
        } catch (dev.parity.harness.ParityInputException e) {
            return null; // the record step said what is wrong with the store
        }
    }

    /** The store's file: --history, $PARITY_HISTORY, or runs/history.sqlite. */
    Path file() {
        return file(history);
    }

    static Path file(Path given) {
        return given != null ? given : DefaultDirs.history();
    }

    /** Records a finished run unless --no-history; says where on stderr unless quiet (a failure always). */
    void record(RunSummary summary, int exitCode, Path runDir, PrintWriter err, boolean quiet) {
        if (noHistory) return;
        // the run folder is written and is the source of truth: a store that cannot take the run is a warning
        // (parity history import can add it later), not a reason to change what the run found
        try (RunStore store = RunStore.open(file())) {
            long id = store.record(summary, exitCode, runDir);
            if (!quiet) err.println("[parity] recorded as run #" + id + " in " + store.file());
        } catch (dev.parity.harness.ParityInputException e) {
            err.println("warning: the run was not recorded in the run store: " + e.getMessage()
                    + " (parity history import " + runDir + " adds it later)");
        }
        err.flush();
    }
}
