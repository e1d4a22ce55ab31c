package dev.parity.harness.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SHA-256 of files and strings, for provenance. */
public final class Hashing {
    private Hashing() {
    }

    /** Hashes already computed in this JVM, by file, size and modification time (a changed file is hashed again). */
    private static final Map<String, String> FILE_HASHES = new ConcurrentHashMap<>();

    /**
     * SHA-256 of a file. A run asks for the same files' hashes in several places (score cache keys, provenance,
     * baselines, made variants); each file is read once per JVM unless it changes.
     */
    public static String sha256(Path file) {
        if (Files.isDirectory(file)) return sha256Folder(file);
        String key;
        try {
            key = key(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read to hash it: " + e.getMessage(), e);
        }
        return FILE_HASHES.computeIfAbsent(key, k -> hashFile(file));
    }

    /**
     * Records a file's SHA-256 computed by a reader that read every byte of it anyway (a CSV table's one pass), so
     * that asking for it later reads the file no more. Recorded only when the file's size and modification time were
     * the same before and after that read.
     *
     * @param before the file's size and modification time before the read ({@link #stamp})
     */
    public static void recordRead(Path file, String before, byte[] digest) {
        String after = stamp(file);
        if (after != null && after.equals(before)) FILE_HASHES.putIfAbsent(after, HexFormat.of().formatHex(digest));
    }

    /** The key a file's hash is cached by: path, size and modification time; null when it cannot be read. */
    public static String stamp(Path file) {
        try {
            return key(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static String key(Path file) throws IOException {
        return file.toAbsolutePath().normalize() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    }

    private static String hashFile(Path file) {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read to hash it: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * A folder (an image dataset): every file's path under it and content hash, in path order, so a renamed,
     * added, removed or changed file changes the hash. A folder's own time stamp does not follow nested changes, so
     * this is recomputed each time (each file's hash is cached as usual).
     */
    private static String sha256Folder(Path dir) {
        StringBuilder listing = new StringBuilder();
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                listing.append(dir.relativize(f).toString().replace('\\', '/')).append('\0').append(sha256(f))
                        .append('\n');
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(dir + ": cannot list to hash it: " + e.getMessage(), e);
        }
        return sha256(listing.toString());
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
