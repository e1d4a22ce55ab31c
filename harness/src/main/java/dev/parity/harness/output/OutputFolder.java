package dev.parity.harness.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A run's output folder, written all-or-nothing: files go into a hidden staging folder beside the target,
 * and {@link #commit()} renames it into place. If the run fails before that, {@link #close()} deletes the
 * staging folder, so no half-written output is ever left where a reader would find it. Only a folder that
 * {@link RunFolders} says is Parity's own is ever replaced; the check runs when the folder is opened (before the
 * run's long work) and again just before the rename.
 */
public final class OutputFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final String option;
    private boolean committed;

    /** @param option how the user named the folder, for messages (e.g. "--out") */
    public OutputFolder(Path target, String option) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        this.option = option;
        RunFolders.requireOurs(this.target, option);
        Path parent = this.target.getParent();
        Files.createDirectories(parent);
        this.staging = Files.createTempDirectory(parent, "." + this.target.getFileName() + ".partial-");
        try {
            // Temp folders are owner-only; a run folder is read by CI servers and colleagues.
            Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
    }

    public Path target() {
        return target;
    }

    /**
     * The staging folder itself, for a helper process that writes its files there (export-torch's Python). It is a
     * sibling of the target, so paths relative to it are the paths relative to the target.
     */
    public Path staging() {
        return staging;
    }

    /** Writes a file into the staging folder; {@code name} may hold sub-folders ("model/config.pbtxt"). */
    public void write(String name, String content) throws IOException {
        Files.writeString(inStaging(name), content, StandardCharsets.UTF_8);
    }

    /** Streams a text file into the staging folder (for files too large to hold as one string). */
    public void write(String name, TextWriter writer) throws IOException {
        try (java.io.Writer w = Files.newBufferedWriter(inStaging(name), StandardCharsets.UTF_8)) {
            writer.writeTo(w);
        }
    }

    /** Writes text to a stream. */
    @FunctionalInterface
    public interface TextWriter {
        void writeTo(java.io.Writer out) throws IOException;
    }

    /** Where a file of this name goes in the staging folder, for a library that writes the file itself. */
    public Path path(String name) throws IOException {
        return inStaging(name);
    }

    /** Writes bytes into the staging folder; returns the staged file. */
    public Path bytes(String name, byte[] content) throws IOException {
        return Files.write(inStaging(name), content);
    }

    /** Copies a file into the staging folder under {@code name}, readable by all like the files written here. */
    public void copy(Path source, String name) throws IOException {
        Path p = inStaging(name);
        Files.copy(source, p);
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
    }

    private Path inStaging(String name) throws IOException {
        Path p = staging.resolve(name).normalize();
        if (!p.startsWith(staging)) throw new IllegalArgumentException("'" + name + "' leaves the output folder");
        Files.createDirectories(p.getParent());
        return p;
    }

    /**
     * Moves the finished folder into place. An existing folder at the target is replaced: it is first moved
     * aside, so a reader sees either the old run or the new one, never a mix.
     */
    public void commit() throws IOException {
        RunFolders.mark(staging);
        RunFolders.requireOurs(target, option); // it may have changed during a long run
        Path aside = null;
        if (Files.exists(target)) {
            aside = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(aside);
            move(target, aside);
        }
        move(staging, target);
        committed = true;
        if (aside != null) {
            deleteTree(aside);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            deleteTree(staging);
        }
    }

    /** Deletes a folder and everything in it; a folder that is not there is fine. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
