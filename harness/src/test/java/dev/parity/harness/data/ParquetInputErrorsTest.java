package dev.parity.harness.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parity.harness.HyParquet;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad Parquet input is refused with the file, row group, row and column named, before or while rows are read: nulls,
 * NaN and values beyond the input type, lists of the wrong length, columns of the wrong kind, parts whose schemas
 * differ, a file that is not Parquet, a missing column.
 */
class ParquetInputErrorsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsWriter() {
        assumeTrue(HyParquet.available(), "node with hyparquet-writer (scripts/ci-packages.sh) is not installed here");
    }

    private static List<Object> values(Object... v) {
        return new ArrayList<>(Arrays.asList(v));
    }

    /** Ten rows, row groups of four: feature a, feature b (with {@code bAt7} at row 7), label y, text t. */
    private Path table(String name, Object bAt7) throws Exception {
        List<Object> b = values(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, bAt7, 8.5, 9.5);
        return HyParquet.write(dir.resolve(name), 4, "SNAPPY", List.of(
                HyParquet.column("a", "DOUBLE", false, values(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)),
                HyParquet.column("b", "DOUBLE", true, b),
                HyParquet.column("y", "INT32", true, values(0, 1, 0, 1, 0, 1, 0, 1, 0, 1)),
                HyParquet.column("t", "STRING", false, values("p", "q", "r", "s", "t", "u", "v", "w", "x", "y"))));
    }

    private ParityInputException readAll(Path file, List<String> features, long perSample, double max) {
        return assertThrows(ParityInputException.class, () -> {
            try (ParquetTable t = ParquetTable.open(file, features, perSample, max)) {
                float[] out = new float[(int) (t.rows() * perSample)];
                t.read(0, (int) t.rows(), out);
            }
        });
    }

    @Test
    void aNullFeatureIsNamedByRowGroupRowAndColumn() throws Exception {
        Path f = table("null.parquet", null);
        String m = readAll(f, List.of("a", "b"), 2, Float.MAX_VALUE).getMessage();
        assertEquals(f + ": row group 1, row 7 of the file, column 'b': expected a number, found null (a missing "
                + "value)", m);
    }

    @Test
    void notFiniteAndTooLargeValuesAreRefused() throws Exception {
        Path nan = table("nan.parquet", "NaN");
        assertTrue(readAll(nan, List.of("a", "b"), 2, Float.MAX_VALUE).getMessage()
                .endsWith("row group 1, row 7 of the file, column 'b': expected a finite number, found NaN"));
        Path big = table("big.parquet", 70000.0);
        String m = readAll(big, List.of("a", "b"), 2, 65504).getMessage();
        assertTrue(m.contains("row 7 of the file, column 'b': expected a value the model's input type holds "
                + "(|x| <= 65504.0), found 70000.0"), m);
        Path huge = table("huge.parquet", 1e300);
        assertTrue(readAll(huge, List.of("a", "b"), 2, Float.MAX_VALUE).getMessage().contains("expected a finite"));
    }

    @Test
    void listsMustHoldTheShapesValuesAndNoNull() throws Exception {
        Path f = HyParquet.write(dir.resolve("lists.parquet"), 2, "UNCOMPRESSED", List.of(
                HyParquet.listColumn("x", "FLOAT", values(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7, 8),
                        null))));
        String m = readAll(f, List.of("x"), 3, Float.MAX_VALUE).getMessage();
        assertEquals(f + ": row group 1, row 2 of the file, column 'x': expected a list of 3 numbers (the "
                + "preprocessing's shape), found 2", m);
        try (ParquetTable t = ParquetTable.open(f, List.of("x"), 3, Float.MAX_VALUE)) {
            float[] out = new float[6];
            t.read(0, 2, out);
            assertEquals("[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", Arrays.toString(out));
            ParityInputException e = assertThrows(ParityInputException.class, () -> t.read(3, 1, new float[3]));
            assertTrue(e.getMessage().endsWith("row 3 of the file, column 'x': expected a list of 3 numbers, found a "
                    + "null or empty list"), e.getMessage());
        }
    }

    @Test
    void theSpecNamesColumnsOfTheWrongKindOrMissing() throws Exception {
        table("t.parquet", 7.5);
        Path spec = dir.resolve("spec.yaml");
        String base = """
                name: t
                dataset: {inputs: t.parquet, label: %s, features: %s}
                model: {input: x, output: y}
                reference: a
                variants: [{name: a, runtime: onnxruntime, artifact: m.onnx}]
                """;
        Files.writeString(spec, base.formatted("y", "[a, t]"));
        String m = assertThrows(ParityInputException.class, () -> SpecLoader.load(spec)).getMessage();
        assertTrue(m.contains("dataset.features[1]") && m.contains("'t' is required binary t (STRING)")
                && m.contains("a feature column holds numbers"), m);
        Files.writeString(spec, base.formatted("label", "[a]"));
        m = assertThrows(ParityInputException.class, () -> SpecLoader.load(spec)).getMessage();
        assertTrue(m.contains("dataset.label") && m.contains("'label'") && m.contains("[a, b, y, t]"), m);
    }

    @Test
    void aNullLabelIsNamed() throws Exception {
        Path f = HyParquet.write(dir.resolve("labels.parquet"), 3, "SNAPPY", List.of(
                HyParquet.column("a", "DOUBLE", false, values(1.0, 2.0, 3.0, 4.0)),
                HyParquet.column("y", "INT32", true, values(0, 1, 1, null))));
        String m = assertThrows(ParityInputException.class, () -> ParquetColumns.read(f, List.of("y"))).getMessage();
        assertEquals(f + ": row group 1, row 3 of the file, column 'y': expected a value, found null", m);
    }

    @Test
    void partsMustShareASchemaAndBeParquet() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("parts"));
        table("parts/part-0.parquet", 1.0);
        HyParquet.write(parts.resolve("part-1.parquet"), 4, "SNAPPY", List.of(
                HyParquet.column("a", "FLOAT", false, values(1.0))));
        String m = assertThrows(ParityInputException.class,
                () -> ParquetTable.open(parts, List.of("a"), 1, Float.MAX_VALUE)).getMessage();
        assertTrue(m.startsWith(parts.resolve("part-1.parquet") + ": its schema differs from part-0.parquet's"), m);
        Path fake = Files.writeString(dir.resolve("fake.parquet"), "id,a\n1,2\n");
        m = assertThrows(ParityInputException.class,
                () -> ParquetTable.open(fake, List.of("a"), 1, Float.MAX_VALUE)).getMessage();
        assertTrue(m.startsWith(fake + ": not a readable Parquet file"), m);
    }

    /** A multi-part dataset's messages give the dataset row besides the file's own. */
    @Test
    void aLaterPartNamesItsFileAndTheDatasetRow() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("more"));
        table("more/part-0.parquet", 1.0);
        table("more/part-1.parquet", null);
        String m = readAll(parts, List.of("a", "b"), 2, Float.MAX_VALUE).getMessage();
        assertEquals(parts.resolve("part-1.parquet") + ": row group 1, row 7 of the file (dataset row 17), column "
                + "'b': expected a number, found null (a missing value)", m);
        Map<String, dev.parity.harness.results.SampleInfo.SliceColumn> cols = ParquetColumns.read(parts,
                List.of("t", "y"));
        assertEquals(20, cols.get("t").codes().length);
        assertEquals("w", cols.get("t").valueOf(17));
    }
}
