package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV table evaluates with exactly the figures of the same data as NPY (the tabular example ships both: test.csv
 * holds test_x.npy's float32 values, its labels and an id column), and a broken table names what is wrong.
 */
class TableDatasetTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path example;
    static String preprocessing;

    @BeforeAll
    static void locate() throws IOException {
        example = TestFiles.demoDir().resolveSibling("breast-cancer-mlp");
        String spec = Files.readString(example.resolve("eval.yaml"));
        // the example's mean and std lines, reused as they are
        preprocessing = spec.lines().filter(l -> l.trim().startsWith("mean:") || l.trim().startsWith("std:"))
                .map(l -> "    " + l.trim()).reduce((a, b) -> a + "\n" + b).orElseThrow();
    }

    static String spec(String dataset, String shape) {
        return """
                name: csv-vs-npy
                dataset:
                %s
                  calibration: %s
                  preprocessing:
                %s%s
                model: {input: features, output: logit}
                target_precision: 0.9
                batch_size: 50
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: %s}
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: %s}
                  - {name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {precision: int8}}
                """.formatted(dataset, example.resolve("calib_x.npy"), preprocessing, shape, example.resolve("model.pt"),
                example.resolve("model.onnx"));
    }

    static JsonNode run(String name, String spec) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, spec);
        CliRunner cli = new CliRunner();
        int code = cli.run("eval", file.toString(), "--out", dir.resolve(name).toString(), "--cache",
                dir.resolve("cache").toString());
        assertTrue(code == 0 || code == 1, cli.stdout + cli.stderr);
        return JSON.readTree(dir.resolve(name).resolve("summary.json").toFile());
    }

    @Test
    void csvGivesTheFiguresOfItsNpyTwin() throws IOException {
        JsonNode npy = run("npy", spec("  inputs: %s\n  labels: %s".formatted(example.resolve("test_x.npy"),
                example.resolve("test_y.npy")), "\n    shape: [30]"));
        // no shape: the 30 numeric columns that are not the label or the id are the features, in file order
        JsonNode csv = run("csv", spec("  inputs: %s\n  label: label\n  id: id".formatted(example.resolve("test.csv")),
                ""));
        assertEquals(171, csv.get("dataset").get("samples").asInt());
        assertEquals("csv", csv.get("dataset").get("kind").asText());
        assertTrue(csv.get("variants").get(2).get("at_reference_threshold").get("flipped_to_positive_ids").isArray());
        assertEquals(npy.get("dataset").get("positives"), csv.get("dataset").get("positives"));
        assertEquals(npy.get("reference"), csv.get("reference"), "reference threshold and its matrix");
        for (int i = 0; i < 3; i++) {
            ObjectNode a = (ObjectNode) npy.get("variants").get(i).deepCopy();
            ObjectNode b = (ObjectNode) csv.get("variants").get(i).deepCopy();
            // the CSV run also names flipped samples by its ids; the NPY run has row numbers only
            for (ObjectNode o : List.of(a, b)) {
                ((ObjectNode) o.get("at_reference_threshold")).remove(List.of("flipped_to_positive_ids",
                        "flipped_to_negative_ids"));
            }
            if (i > 0) {
                // the largest differences by the dataset's ids (before: row indexes even with ids), the same rows
                JsonNode rows = a.get("score_drift").get("largest_diff_indexes");
                JsonNode ids = b.get("score_drift").get("largest_diff_ids");
                assertEquals(rows, b.get("score_drift").get("largest_diff_indexes"));
                assertTrue(ids.size() > 0 && ids.get(0).asText().startsWith("tumour-"), ids.toString());
                assertEquals(String.valueOf(rows.get(0).asInt()), a.get("score_drift").get("largest_diff_ids").get(0)
                        .asText(), "without ids, the row number as scores.csv's sample_id");
            }
            for (ObjectNode o : List.of(a, b)) ((ObjectNode) o.get("score_drift")).remove("largest_diff_ids");

            assertEquals(a, b, "variant " + a.get("name"));
        }
        List<String> scoresNpy = Files.readAllLines(dir.resolve("npy/scores.csv"));
        List<String> scoresCsv = Files.readAllLines(dir.resolve("csv/scores.csv"));
        assertEquals(scoresNpy.size(), scoresCsv.size());
        // the CSV's ids name the samples; the scores after them are the same, to the last bit
        assertTrue(scoresCsv.get(1).startsWith("tumour-"), scoresCsv.get(1));
        for (int i = 1; i < scoresNpy.size(); i++) {
            assertEquals(scoresNpy.get(i).substring(scoresNpy.get(i).indexOf(',')),
                    scoresCsv.get(i).substring(scoresCsv.get(i).indexOf(',')), "row " + i);
        }
    }

    @Test
    void spreadsheetStyleFilesReadTheSame() throws IOException {
        // a byte order mark, CRLF line ends, quoted cells, and string labels with positive_label
        List<String> lines = Files.readAllLines(example.resolve("test.csv"));
        StringBuilder b = new StringBuilder("\uFEFF").append(lines.get(0).replace(",label", ",diagnosis")).append("\r\n");
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            c[0] = "\"" + c[0] + ", from the clinic\"";
            c[c.length - 1] = c[c.length - 1].equals("1") ? "malignant" : "benign";
            b.append(String.join(",", c)).append("\r\n");
        }
        Path file = Files.writeString(dir.resolve("spreadsheet.csv"), b);
        JsonNode npy = run("npy-b", spec("  inputs: %s\n  labels: %s".formatted(example.resolve("test_x.npy"),
                example.resolve("test_y.npy")), "\n    shape: [30]"));
        JsonNode sheet = run("sheet", spec("  inputs: %s\n  label: diagnosis\n  positive_label: malignant\n  id: id"
                .formatted(file), ""));
        assertEquals(npy.get("reference"), sheet.get("reference"));
        assertEquals(npy.get("dataset").get("positives"), sheet.get("dataset").get("positives"));
        String first = Files.readAllLines(dir.resolve("sheet/scores.csv")).get(1);
        String label = lines.get(1).substring(lines.get(1).lastIndexOf(',') + 1);
        assertTrue(first.startsWith("\"tumour-3, from the clinic\"," + label + ","), first);
    }

    static String brokenTable(String cell, boolean ragged) throws IOException {
        List<String> lines = Files.readAllLines(example.resolve("test.csv"));
        String[] cells = lines.get(5).split(",", -1);
        cells[3] = cell;
        String row = String.join(",", cells) + (ragged ? ",extra" : "");
        lines.set(5, row);
        Path file = dir.resolve("broken-" + Math.abs((cell + ragged).hashCode()) + ".csv");
        Files.write(file, lines);
        Path spec = dir.resolve("broken-" + Math.abs((cell + ragged).hashCode()) + ".yaml");
        Files.writeString(spec, """
                dataset: {inputs: %s, label: label, id: id}
                model: {input: features, output: logit}
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: %s}
                """.formatted(file, example.resolve("model.pt")));
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("eval", spec.toString(), "--out", dir.resolve("broken-out").toString(),
                "--cache", dir.resolve("cache").toString()), cli.stdout + cli.stderr);
        return cli.stderr;
    }

    @Test
    void aBrokenTableNamesTheFileLineColumnAndCell() throws IOException {
        String missing = brokenTable("", false);
        assertTrue(missing.contains("line 6, column 'mean_perimeter': expected a number (the cell is empty: a "
                + "missing value), found ''"), missing);
        String text = brokenTable("12,5", false);
        assertTrue(text.contains(".csv: line 6 has 33 cell(s) but the header has 32 columns"), text);
        String word = brokenTable("n/a", false);
        assertTrue(word.contains("line 6, column 'mean_perimeter': expected a number, found 'n/a'"), word);
        String ragged = brokenTable("77.5", true);
        assertTrue(ragged.contains("line 6 has 33 cell(s) but the header has 32 columns"), ragged);
        String inf = brokenTable("1e400", false);
        assertTrue(inf.contains("expected a finite number, found '1e400'"), inf);
    }

    @Test
    void labelsAndColumnsAreChecked() throws IOException {
        Path spec = dir.resolve("labels.yaml");
        Files.writeString(spec, """
                dataset: {inputs: %s, label: mean_radius}
                model: {input: features, output: logit}
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: %s}
                """.formatted(example.resolve("test.csv"), example.resolve("model.pt")));
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("eval", spec.toString(), "--out", dir.resolve("labels-out").toString()));
        assertTrue(cli.stderr.contains("label column 'mean_radius' has '11.420000076293945' (data row 1); expected "
                + "0 or 1"), cli.stderr);

        Files.writeString(spec, """
                dataset: {inputs: %s, label: label, features: [mean_radius, no_such_column]}
                model: {input: features, output: logit}
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: %s}
                """.formatted(example.resolve("test.csv"), example.resolve("model.pt")));
        assertEquals(2, cli.run("eval", spec.toString(), "--out", dir.resolve("labels-out").toString()));
        assertTrue(cli.stderr.contains("'dataset.features[1]' names 'no_such_column', which "), cli.stderr);
        assertTrue(cli.stderr.contains("does not have; its columns are [id, mean_radius"), cli.stderr);
    }
}
