package dev.parity.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parquet files written for tests by hyparquet-writer (JavaScript, src/test/npm), a writer independent of the
 * parquet-java Parity reads with. scripts/ci-packages.sh installs it; tests that need it skip where node or the
 * package is missing.
 */
public final class HyParquet {
    private static final Path SCRIPT = Path.of("src/test/npm/write-parquet.mjs").toAbsolutePath();
    private static final Path READER = SCRIPT.resolveSibling("read-parquet.mjs");
    private static final Path PACKAGE = SCRIPT.resolveSibling("node_modules/hyparquet-writer/package.json");

    private HyParquet() {
    }

    public static boolean available() {
        if (!Files.isRegularFile(PACKAGE)) return false;
        try {
            return new ProcessBuilder("node", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Reads a Parquet file with hyparquet (the writer's companion reader, JavaScript): the column names, then each
     * row's cells as text (numbers as JavaScript prints a float32 widened to double, NaN as "NaN") or null.
     */
    public static List<List<String>> read(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", READER.toString(), file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("read-parquet.mjs failed: " + err);
        ObjectMapper json = new ObjectMapper();
        List<List<String>> rows = new java.util.ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) rows.add(json.readValue(line, new com.fasterxml.jackson.core.type.TypeReference<>() { }));
        }
        return rows;
    }

    /** A column: its Parquet type, whether it may hold nulls, and its values (lists for a list column). */
    public static Map<String, Object> column(String name, String type, boolean nullable, List<?> data) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", type);
        c.put("nullable", nullable);
        c.put("data", data);
        return c;
    }

    /** A list column: each value an array of {@code type} (a standard three-level LIST). */
    public static Map<String, Object> listColumn(String name, String type, List<?> data) {
        Map<String, Object> c = column(name, type, true, data);
        c.put("list", true);
        return c;
    }

    /**
     * Writes {@code columns} to {@code file}.
     *
     * @param codec SNAPPY, GZIP or UNCOMPRESSED
     */
    public static Path write(Path file, int rowGroupSize, String codec, List<Map<String, Object>> columns)
            throws IOException, InterruptedException {
        Path json = Files.createTempFile(file.toAbsolutePath().getParent(), "table", ".json");
        new ObjectMapper().writeValue(json.toFile(), Map.of("rowGroupSize", rowGroupSize, "codec", codec,
                "columns", columns));
        Process p = new ProcessBuilder("node", SCRIPT.toString(), json.toString(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("write-parquet.mjs failed: " + out);
        Files.delete(json);
        return file;
    }
}
