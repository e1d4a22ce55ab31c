package dev.parity.app;

import dev.parity.harness.pipeline.DefaultDirs;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --history DB and --no-history, shared by the commands that finish runs (eval, merge, compare). */
public final class HistoryOptions {
    @Option(names = "--history", paramLabel = "DB", description = "The run store to record into (SQLite; default "
            + "$PARITY_HISTORY, else runs/history.sqlite).")
    Path history;

    @Option(names = "--no-history", description = "Do not record this run in the run store.")
    boolean noHistory;

    /** The store's file: --history, $PARITY_HISTORY, or runs/history.sqlite. */
    Path file() {
        return file(history);
    }

    static Path file(Path given) {
        return given != null ? given : DefaultDirs.history();
    }

    /** Whether this run is recorded (and its report draws the store's trend). */
    boolean records() {
        return !noHistory;
    }
}
