package dev.parity.harness.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way run files are written and read: summary.json ({@link RunSummary}), bench.json ({@link BenchSummary})
 * and shard.json ({@link ShardManifest}) go through the records that write them, as Polygraphy's registered
 * encoders and decoders do, so a saved run loads back into the same types and renaming a field cannot silently
 * break a reader. A file of another schema version is refused, naming the file and both versions.
 */
public final class RunFileCodec {
    private RunFileCodec() {
    }

    /** The file's text: indented JSON with sorted map keys, NaN and Inf as null, a final newline. */
    public static String text(Object runFile) {
        try {
            return Json.MAPPER.writeValueAsString(runFile) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run file record does not serialise: " + e.getOriginalMessage(), e);
        }
    }

    public static RunSummary readSummary(Path file) {
        return read(file, RunSummary.class, RunSummary.SCHEMA_VERSION, "a Parity run summary (written by 'parity eval')");
    }

    public static BenchSummary readBench(Path file) {
        return read(file, BenchSummary.class, BenchSummary.SCHEMA_VERSION,
                "Parity benchmark results (written by 'parity bench')");
    }

    public static ShardManifest readShard(Path file) {
        return read(file, ShardManifest.class, ShardManifest.SCHEMA_VERSION,
                "a Parity shard manifest (written by 'parity eval', with --shard or without)");
    }

    public static LocaliseReport readLocalise(Path file) {
        return read(file, LocaliseReport.class, LocaliseReport.SCHEMA_VERSION,
                "Parity localisation results (written by 'parity localise')");
    }

    public static RepairReport readRepair(Path file) {
        return read(file, RepairReport.class, RepairReport.SCHEMA_VERSION,
                "Parity repair results (written by 'parity repair')");
    }

    /** The repairs kept in a run folder (repair-VARIANT.json), by file name. */
    public static java.util.List<RepairReport> repairs(Path dir) {
        return each(dir, RunFolder.REPAIR_PREFIX, RunFileCodec::readRepair);
    }

    /** The localisations kept in a run folder (localise-VARIANT.json), by file name; none when there are none. */
    public static java.util.List<LocaliseReport> localisations(Path dir) {
        return each(dir, RunFolder.LOCALISE_PREFIX, RunFileCodec::readLocalise);
    }

    private static <T> java.util.List<T> each(Path dir, String prefix, java.util.function.Function<Path, T> reader) {
        java.util.List<T> out = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(reader.apply(f));
            }
        } catch (IOException e) {
            return out; // no folder: nothing kept there
        }
        return out;
    }

    /** A summary kept as text elsewhere (the run store); {@code name} says where, in messages. */
    public static RunSummary readSummary(String json, String name) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new RunFileException(name + ": not readable as JSON (" + e.getMessage() + ")", e);
        }
        return fromTree(root, name, RunSummary.class, RunSummary.SCHEMA_VERSION, "a Parity run summary");
    }

    private static <T> T read(Path file, Class<T> type, int version, String what) {
        if (!Files.isRegularFile(file)) throw new RunFileException(file + ": not found; expected " + what, null);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new RunFileException(file + ": not readable as JSON (" + e.getMessage() + "); expected " + what, e);
        }
        return fromTree(root, file.toString(), type, version, what);
    }

    private static <T> T fromTree(JsonNode root, String file, Class<T> type, int version, String what) {
        JsonNode found = root == null ? null : root.get("schema_version");
        if (found == null || !found.canConvertToInt()) {
            throw new RunFileException(file + ": has no schema_version, so it is not " + what, null);
        }
        if (found.asInt() != version) {
            throw new RunFileException(file + ": schema_version " + found.asInt() + ", but this Parity ("
                    + ToolVersion.get() + ") reads schema_version " + version + "; produce it again with this Parity",
                    null);
        }
        try {
            return Json.MAPPER.treeToValue(root, type);
        } catch (JsonProcessingException e) {
            throw new RunFileException(file + ": schema_version " + version + " but not " + what + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
