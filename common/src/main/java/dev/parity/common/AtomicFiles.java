package dev.parity.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file all or nothing: into a temporary file beside the target, then renamed over it, so a reader never
 * sees half a file (a made model, a TensorRT engine, bench.json, a report). Its own module, because convert,
 * harness and benchmarks all write files this way and none of them is the other's dependency.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public interface Writer {
        void writeTo(Path file) throws IOException;
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    public static void write(Path target, String text) throws IOException {
        write(target, tmp -> Files.writeString(tmp, text));
    }

    /** Lets the caller stream into the temporary file (large models need not be held as one array). */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
        try {
            writer.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
