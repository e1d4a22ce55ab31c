package dev.parity.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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

    /** Who may read a new file: as a file created the ordinary way (umask 022) is; a replaced file keeps its own. */
    static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

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
            keepReadable(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A temporary file is created readable by its owner only; renamed into place as it is, a report or a model
     * would become unreadable to the CI server or colleague that reads it. So the target's permissions carry over,
     * or a new file gets an ordinary file's.
     */
    private static void keepReadable(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
        Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE);
    }
}
