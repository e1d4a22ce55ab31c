package dev.parity.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.univocity.parsers.csv.CsvParser;
import dev.parity.harness.HyParquet;
import dev.parity.harness.results.Classes;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.spec.CsvFormat;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scores.parquet holds scores.csv's table cell for cell, read back by another implementation (hyparquet): each
 * layout (binary, multi-head, multi-class), with NaN and infinite scores, missing labels, a variant that did not
 * run, and text with commas, quotes, line breaks and non-ASCII letters.
 */
class ScoresParquetTest {
    @TempDir
    Path dir;

    static final float[] A = {0.5f, Float.NaN, -1e-30f, Float.POSITIVE_INFINITY, 3.4028235e38f, -0f};
    static final float[] B = {0.25f, 1f, Float.NEGATIVE_INFINITY, 0.1f, 1.4e-45f, 2f};
    static final String[] IDS = {"a,b", "say \"hi\"", "line\nbreak", "ü-ß", " spaced ", "plain"};

    private static VariantScores variant(String name, float[] scores) {
        return new VariantScores(name, VariantStatus.OK, null, scores, "1", "cpu", 0, scores.length);
    }

    private static SampleInfo.SliceColumn region() {
        return new SampleInfo.SliceColumn("region, west", List.of("north", "süd"), new int[] {0, 1, 0, 1, 1, 0});
    }

    @Test
    void binaryHeadsAndClassesTablesAreTheCsvCellForCell() throws Exception {
        assumeTrue(HyParquet.available(), "node with hyparquet (scripts/ci-packages.sh) is not installed here");
        VariantScores notRun = new VariantScores("broken", VariantStatus.FAILED, "crashed", null, null, null, 0, 0);
        SampleInfo binary = new SampleInfo(new boolean[] {true, false, true, true, false, false}, IDS,
                List.of(region()));
        check("binary", ScoreTable.binary(List.of(variant("ref", A), variant("int8", B), notRun), binary, 6));
        check("no labels, no ids", ScoreTable.binary(List.of(variant("ref", A)), new SampleInfo(null, null,
                List.of()), 6));

        float[] twoHeads = new float[12];
        for (int i = 0; i < 6; i++) {
            twoHeads[i * 2] = A[i];
            twoHeads[i * 2 + 1] = B[i];
        }
        SampleInfo heads = new SampleInfo(null, IDS, List.of(region())).withHeadLabels(java.util.Arrays.asList(
                new boolean[] {true, true, false, false, true, false}, null));
        check("heads", ScoreTable.heads(List.of(variant("ref", twoHeads), variant("fp16", shifted(twoHeads))), heads, List.of("coat", "shirt"), 6));

        Classes classes = new Classes(2, List.of("cat", "dog, big"), 1);
        SampleInfo labelled = new SampleInfo(null, IDS, List.of(region()), new int[] {0, 1, 1, 0, 0, 1});
        check("classes", ScoreTable.classes(List.of(variant("ref", twoHeads), variant("int8", shifted(twoHeads))),
                labelled, classes, "ref"));
    }

    private static float[] shifted(float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = out[i] * 0.5f + 0.125f;
        return out;
    }

    private void check(String what, ScoreTable table) throws Exception {
        Path file = dir.resolve(what.replace(' ', '-').replace(",", "") + ".parquet");
        ScoresParquet.write(table, file);
        List<List<String>> parquet = HyParquet.read(file);
        List<String[]> csv = csvRows(ScoresCsv.render(table));
        assertEquals(csv.size(), parquet.size(), what + ": rows");
        assertEquals(List.of(csv.get(0)), List.of(parquet.get(0).toArray(String[]::new)), what + ": header");
        for (int r = 1; r < csv.size(); r++) {
            for (int c = 0; c < csv.get(0).length; c++) {
                String want = csv.get(r)[c], got = parquet.get(r).get(c);
                String where = what + ", row " + (r - 1) + ", column " + csv.get(0)[c];
                if (table.columns().get(c).kind() == ScoreTable.Kind.SCORE) {
                    // the same float32: JavaScript prints it widened to double, Java in float's shortest form
                    assertEquals(Float.floatToIntBits(Float.parseFloat(want)),
                            Float.floatToIntBits((float) Double.parseDouble(got)), where);
                } else {
                    assertEquals(want, got, where); // an empty CSV cell (a missing label) is null in Parquet
                }
            }
        }
    }

    private static List<String[]> csvRows(String text) {
        CsvParser p = CsvFormat.parser();
        List<String[]> rows = new ArrayList<>();
        p.beginParsing(new StringReader(text));
        String[] row;
        while ((row = p.parseNext()) != null) rows.add(row);
        return rows;
    }
}
