package dev.parity.harness.pipeline;

import java.nio.file.Path;

/**
 * The places a command uses when its options do not say, in one file: the cache ($PARITY_CACHE, else
 * ~/.cache/parity), a spec's run folder (runs/NAME) and the run store ($PARITY_HISTORY, else runs/history.sqlite).
 */
public final class DefaultDirs {
    private DefaultDirs() {
    }

    /** runs/NAME (the name made safe for a folder), where a spec's run is written unless --out says otherwise. */
    public static Path run(String name) {
        return Path.of("runs", dev.parity.harness.output.SafeNames.folder(name));
    }

    /** Made variants, checkpoints and self-check verdicts: $PARITY_CACHE, else ~/.cache/parity. */
    public static Path cache() {
        String env = System.getenv("PARITY_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "parity");
    }

    /** The run store: $PARITY_HISTORY, else runs/history.sqlite. */
    public static Path history() {
        String env = System.getenv("PARITY_HISTORY");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("runs", "history.sqlite");
    }
}
