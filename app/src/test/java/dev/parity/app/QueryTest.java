package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parity query against answers computed here from the same run's scores.csv and threshold: the tabular example
 * as a CSV with a slice column added (size: large when mean_radius > 15), scored by the reference, a
 * perturbed-input variant (its raw features divided by 0.97, so that verdicts flip) and INT8.
 */
class QueryTest {
    @TempDir
    static Path dir;
    static Path run;
    static double threshold;
    static List<String[]> rows = new ArrayList<>();
    static List<String> header;

    @BeforeAll
    static void evaluate() throws IOException {
        Path example = TestFiles.demoDir().resolveSibling("breast-cancer-mlp");
        List<String> lines = Files.readAllLines(example.resolve("test.csv"));
        List<String> out = new ArrayList<>();
        out.add(lines.get(0) + ",size");
        for (String l : lines.subList(1, lines.size())) {
            out.add(l + "," + (Double.parseDouble(l.split(",")[1]) > 15 ? "large" : "small"));
        }
        Path csv = Files.write(dir.resolve("table.csv"), out);
        String spec = Files.readString(example.resolve("eval.yaml"));
        String mean = spec.lines().filter(l -> l.trim().startsWith("mean:")).findFirst().orElseThrow().trim();
        String std = spec.lines().filter(l -> l.trim().startsWith("std:")).findFirst().orElseThrow().trim();
        Files.writeString(dir.resolve("spec.yaml"), """
                name: query
                dataset:
                  inputs: %s
                  label: label
                  id: id
                  slices: [size]
                  calibration: %s
                  preprocessing: {%s, %s}   # the shifted variant divides its raw features by 0.97
                model: {input: features, output: logit}
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: %s}
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: %s}
                  - {name: shifted, runtime: onnxruntime, artifact: %s, preprocessing: {divide_by: 0.97}}
                  - {name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {precision: int8}}
                """.formatted(csv, example.resolve("calib_x.npy"), mean, std, example.resolve("model.pt"),
                example.resolve("model.onnx"), example.resolve("model.onnx")));
        run = dir.resolve("run");
        CliRunner cli = new CliRunner();
        int code = cli.run("eval", dir.resolve("spec.yaml").toString(), "--out", run.toString(), "--cache",
                dir.resolve("cache").toString());
        assertTrue(code == 0 || code == 1, cli.stdout + cli.stderr);
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        threshold = summary.get("reference").get("threshold").asDouble();
        List<String> scores = Files.readAllLines(run.resolve("scores.csv"));
        header = List.of(scores.get(0).split(","));
        for (String l : scores.subList(1, scores.size())) rows.add(l.split(","));
    }

    static float score(String[] row, String variant) {
        return Float.parseFloat(row[header.indexOf(variant)]);
    }

    static boolean flipped(String[] row, String variant) {
        return (score(row, variant) >= threshold) != (score(row, "pytorch") >= threshold);
    }

    static CliRunner query(String... args) {
        CliRunner cli = new CliRunner();
        List<String> all = new ArrayList<>(List.of("query", run.toString()));
        all.addAll(List.of(args));
        assertEquals(0, cli.run(all.toArray(String[]::new)), cli.stderr);
        return cli;
    }

    @Test
    void flippedSamplesAreTheRunsFlips() {
        List<String> expected = new ArrayList<>();
        for (String[] r : rows) if (flipped(r, "shifted")) expected.add(r[0]);
        assertTrue(expected.size() > 0, "the shifted variant flips some verdicts");
        List<String> lines = query("--where", "flipped(shifted)", "--csv").stdout.lines().toList();
        assertEquals("sample_id,label,size,pytorch,shifted", lines.get(0));
        assertEquals(expected, lines.subList(1, lines.size()).stream().map(l -> l.split(",")[0]).toList());
    }

    @Test
    void groupedFlipsCountPerSlice() {
        Map<String, Integer> expected = new TreeMap<>();
        Map<String, Integer> sizes = new TreeMap<>();
        for (String[] r : rows) {
            String size = r[header.indexOf("size")];
            sizes.merge(size, 1, Integer::sum);
            if (flipped(r, "shifted") || flipped(r, "onnx-int8")) expected.merge(size, 1, Integer::sum);
        }
        String out = query("--where", "flipped(shifted) or flipped(onnx-int8)", "--group-by", "size", "--csv").stdout;
        Map<String, Integer> found = new TreeMap<>();
        for (String l : out.lines().skip(1).toList()) {
            String[] c = l.split(",");
            assertEquals(sizes.get(c[0]), Integer.parseInt(c[2]), "group size of " + c[0]);
            if (Integer.parseInt(c[1]) > 0) found.put(c[0], Integer.parseInt(c[1]));
        }
        assertEquals(expected, found);
    }

    @Test
    void comparisonsNotAndParenthesesCombine() {
        int expected = 0;
        for (String[] r : rows) {
            boolean large = r[header.indexOf("size")].equals("large");
            double diff = Math.abs(score(r, "onnx-int8") - score(r, "pytorch"));
            if (r[1].equals("1") && !(large || diff > 0.05)) expected++;
        }
        String out = query("--where", "label = 1 and not (size = 'large' or diff(onnx-int8) > 5e-2)", "--csv").stdout;
        assertEquals(expected, out.lines().count() - 1);
        String table = query("--where", "pytorch >= -1.5 and `size` != \"small\"", "--limit", "3").stdout;
        assertTrue(table.contains("first 3 shown"), table);
    }

    @Test
    void aBadExpressionNamesThePosition() {
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("query", run.toString(), "--where", "flipped(onnx-int9)"));
        assertTrue(cli.stderr.contains("position 9: expected a variant that ran, one of [pytorch, onnx-fp32, shifted, "
                + "onnx-int8], found 'onnx-int9'"), cli.stderr);
        assertEquals(2, cli.run("query", run.toString(), "--where", "label = 1 and"));
        assertTrue(cli.stderr.contains("position 14: expected a column, a number, a quoted text or diff(VARIANT), "
                + "found the end"), cli.stderr);
        assertEquals(2, cli.run("query", run.toString(), "--where", "size = 'large"));
        assertTrue(cli.stderr.contains("position 8: the quote ' is never closed"), cli.stderr);
        assertEquals(2, cli.run("query", run.toString(), "--where", "colour = 'red'"));
        assertTrue(cli.stderr.contains("position 1: expected a column, one of [sample_id, label, size, pytorch"),
                cli.stderr);
        assertEquals(2, cli.run("query", dir.toString()));
        assertTrue(cli.stderr.contains("not a run folder"), cli.stderr);
    }
}
