package dev.parity.harness.pipeline;

import dev.parity.harness.ParityInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Turns a failure to write a run's outputs (disk full, read-only folder) into one clear message. */
public final class OutputErrors {
    private OutputErrors() {
    }

    public interface Write<T> {
        T run() throws IOException;
    }

    public static <T> T write(Path outDir, Write<T> write) {
        try {
            return write.run();
        } catch (IOException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException u ? String.valueOf(u.getCause().getMessage()) : e.getMessage();
            throw new ParityInputException("cannot write the outputs to " + outDir.toAbsolutePath().normalize() + ": "
                    + why + "; nothing was left behind, and an earlier run in that folder is untouched", e);
        }
    }
}
