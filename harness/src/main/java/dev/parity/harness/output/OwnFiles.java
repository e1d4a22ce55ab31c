package dev.parity.harness.output;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parity.common.AtomicFiles;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Single files Parity writes where the user says (a trend chart, a trend page, a starter spec): one replaces an
 * existing file only when Parity wrote that file and nobody changed it since. The folder's {@value #RECORD} lists
 * each such file with the SHA-256 of what Parity wrote; a file missing from it, or whose content differs, is the
 * user's and is never replaced, whatever the options (before, {@code history --chart notes.txt} overwrote the user's
 * notes with a PNG). The run folders have their own, stricter rule ({@link RunFolders}).
 */
public final class OwnFiles {
    /** The record of the files Parity wrote in a folder. */
    public static final String RECORD = ".parity-files";

    private OwnFiles() {
    }

    /**
     * @param option how the user named the file, for messages (e.g. "--chart")
     * @param force  whether the user asked to replace a file Parity wrote ({@code init --force}); commands whose file
     *               is a product replaced every run (a chart) pass true
     * @throws ParityInputException when the file exists and is not Parity's unchanged file, or is and force is false
     */
    public static void requireReplaceable(Path file, String option, boolean force, String forceOption) {
        Path f = file.toAbsolutePath().normalize();
        if (!Files.exists(f)) return;
        if (Files.isDirectory(f)) {
            throw new ParityInputException(option + " " + f + ": is a folder; give a file name");
        }
        String recorded = record(f.getParent()).get(f.getFileName().toString());
        if (recorded == null || !recorded.equals(Hashing.sha256(f))) {
            throw new ParityInputException(option + " " + f + ": the file exists and Parity did not write it"
                    + (recorded == null ? "" : " as it is now (it was changed since)") + "; Parity never replaces a "
                    + "file it did not write: choose another name or move it. Nothing was written");
        }
        if (!force) {
            throw new ParityInputException(option + " " + f + ": exists (Parity wrote it); give " + forceOption
                    + " to replace it");
        }
    }

    /** Writes the file (all or nothing) and records it as Parity's. */
    public static void write(Path file, byte[] content) throws IOException {
        Path f = file.toAbsolutePath().normalize();
        AtomicFiles.write(f, content);
        Map<String, String> record = record(f.getParent());
        record.put(f.getFileName().toString(), Hashing.sha256(content));
        AtomicFiles.write(f.getParent().resolve(RECORD), Json.MAPPER.writeValueAsString(record) + "\n");
    }

    private static Map<String, String> record(Path dir) {
        Path r = dir.resolve(RECORD);
        if (!Files.isRegularFile(r)) return new TreeMap<>();
        try {
            return new TreeMap<>(Json.MAPPER.readValue(r.toFile(), new TypeReference<Map<String, String>>() { }));
        } catch (IOException e) {
            return new TreeMap<>(); // unreadable: nothing in that folder is trusted to be ours
        }
    }
}
