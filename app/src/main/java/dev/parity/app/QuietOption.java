package dev.parity.app;

import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code -q/--quiet}, declared once: results only, no progress. */
public final class QuietOption {
    @Option(names = {"-q", "--quiet"}, description = "Print the results only, no progress.")
    boolean on;

    /** Progress lines to stderr as "[parity] ...", or nowhere when quiet. */
    Consumer<String> progress(PrintWriter err) {
        return on ? m -> { } : m -> {
            err.println("[parity] " + m);
            err.flush(); // long steps (localise, repair) show their progress as it happens
        };
    }
}
