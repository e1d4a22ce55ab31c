package dev.parity.runners;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on model files that every runner makes before handing a path to a native library. */
final class RunnerFiles {
    private RunnerFiles() {
    }

    /** Native loaders give poor messages for missing files; this one names the path and what is wrong. */
    static void requireReadable(Path model) {
        if (!Files.exists(model)) {
            throw new InvalidModelException(model + ": model file not found");
        }
        if (!Files.isRegularFile(model)) {
            throw new InvalidModelException(model + ": not a regular file");
        }
        if (!Files.isReadable(model)) {
            throw new InvalidModelException(model + ": model file is not readable");
        }
    }
}
