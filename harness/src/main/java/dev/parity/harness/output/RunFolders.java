package dev.parity.harness.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.common.AtomicFiles;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Json;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.ToolVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which folders Parity may replace or write into. A folder Parity wrote carries a marker, {@value #MARKER}, listing
 * the entries it wrote; {@code --out DIR} may replace DIR (or add to it) only when DIR is absent, empty, or such a
 * folder with nothing else in it. Anything else (a user's notes, a dataset, the current directory) is refused with
 * the first foreign entry named, and nothing is touched: there is no option to override this, because the folder
 * is deleted whole when a run replaces it.
 */
public final class RunFolders {
    /** The marker file of a folder Parity wrote. */
    public static final String MARKER = ".parity-run";

    /** What a run folder written before the marker existed may hold (summary.json or shard.json says "parity"). */
    private static final Set<String> LEGACY_RUN_ENTRIES = Set.copyOf(RunFolder.RUN_FILES);

    private RunFolders() {
    }

    /** The marker's content: the tool and the entries Parity wrote, sorted. */
    record Marker(String tool, String toolVersion, List<String> entries) {
    }

    /**
     * @throws ParityInputException when {@code dir} exists and holds anything Parity did not write there
     */
    public static void requireOurs(Path dir, String option) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.exists(d)) return;
        if (!Files.isDirectory(d)) {
            throw new ParityInputException(option + " " + d + ": is a file, not a folder; nothing was written");
        }
        List<String> entries = list(d);
        if (entries.isEmpty()) return;
        Set<String> ours = entriesWrittenByParity(d);
        if (ours == null) {
            throw new ParityInputException(option + " " + d + ": the folder exists and is not a Parity output folder "
                    + "(it has no " + MARKER + " marker; e.g. '" + entries.get(0) + "' is in it). Parity replaces its "
                    + "output folder whole, so it writes only into a new, empty or earlier Parity folder; choose "
                    + "another folder. Nothing was touched");
        }
        for (String e : entries) {
            if (!e.equals(MARKER) && !ours.contains(e)) {
                throw new ParityInputException(option + " " + d + ": '" + e + "' in it was not written by Parity. "
                        + "Parity replaces its output folder whole, so it does not write where that would delete "
                        + "other files; move '" + e + "' out or choose another folder. Nothing was touched");
            }
        }
    }

    /** Writes the marker into a folder being staged, listing what is in it now. */
    static void mark(Path staged) throws IOException {
        Set<String> entries = new TreeSet<>(list(staged));
        entries.remove(MARKER);
        writeMarker(staged, entries);
    }

    /**
     * Records that {@code entry} was written into an existing folder (bench.json into a run, a model copied out),
     * creating the marker when the folder is new.
     */
    public static void add(Path dir, String entry) throws IOException {
        Set<String> entries = new TreeSet<>();
        Set<String> ours = entriesWrittenByParity(dir);
        if (ours != null) entries.addAll(ours);
        entries.add(entry);
        writeMarker(dir, entries);
    }

    private static void writeMarker(Path dir, Set<String> entries) throws IOException {
        Marker m = new Marker("parity", ToolVersion.get(), List.copyOf(entries));
        AtomicFiles.write(dir.resolve(MARKER), Json.MAPPER.writeValueAsString(m) + "\n");
    }

    /** The entries the marker lists; for a run written before markers, the files a run had; null when not ours. */
    private static Set<String> entriesWrittenByParity(Path dir) {
        Path marker = dir.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            try {
                Marker m = Json.MAPPER.readValue(marker.toFile(), Marker.class);
                if ("parity".equals(m.tool()) && m.entries() != null) return new TreeSet<>(m.entries());
            } catch (IOException e) {
                return null; // unreadable: not trusted to be ours
            }
            return null;
        }
        for (String f : new String[] {RunFolder.SUMMARY, RunFolder.SHARD}) {
            try {
                JsonNode n = Json.MAPPER.readTree(dir.resolve(f).toFile());
                // summary.json names the tool; shard.json has no such key, but its shard fields are Parity's own
                if (n != null && ("parity".equals(n.path("tool").asText(null))
                        || f.equals(RunFolder.SHARD) && n.has("shard_index") && n.has("inputs_sha256"))) {
                    return LEGACY_RUN_ENTRIES;
                }
            } catch (IOException e) {
                // absent or unreadable: try the next
            }
        }
        return null;
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.map(p -> p.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            throw new ParityInputException(dir + ": cannot list the folder: " + e.getMessage());
        }
    }
}
