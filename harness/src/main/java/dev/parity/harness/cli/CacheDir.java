package dev.parity.harness.cli;

import java.nio.file.Path;

/** Where made variants live unless --cache says otherwise: $PARITY_CACHE, else ~/.cache/parity. */
public final class CacheDir {
    private CacheDir() {
    }

    public static Path defaultDir() {
        String env = System.getenv("PARITY_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "parity");
    }
}
