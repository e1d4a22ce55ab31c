package dev.parity.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parity.harness.ClassModel;
import dev.parity.harness.HyParquet;
import dev.parity.harness.TestFiles;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.query.RunTable;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 1,200 rows as NPY, as CSV, as a folder of two Parquet part files (row groups of 64 rows snappy-compressed
 * in one, one gzip group in the other) and as one Parquet list column of tensors, all written by other writers than
 * the one Parity reads with (the Parquet by hyparquet-writer, JavaScript), run through one model and its INT8: every
 * variant's scores are the same to the bit, and so is every figure of summary.json that does not name the file.
 */
class ParquetDatasetTest {
    static final int N = 1200, D = 8;
    @TempDir
    static Path dir;
    static ClassModel model;
    static float[] x;
    static long[] y;
    static RunSession.Finished npy, csv, parts, tensors;

    @BeforeAll
    static void write() throws Exception {
        assumeTrue(HyParquet.available(), "node with hyparquet-writer (scripts/ci-packages.sh) is not installed here");
        model = new ClassModel(D, 2, 5, 0.6);
        x = model.samples(N, 9);
        y = model.labels(N);
        TestFiles.float32(dir.resolve("x.npy"), new long[] {N, D}, x);
        TestFiles.int64(dir.resolve("y.npy"), new long[] {N}, y);
        TestFiles.float32(dir.resolve("cal.npy"), new long[] {200, D}, model.samples(200, 13));
        model.write(dir.resolve("model.onnx"), -1, -1);

        StringBuilder table = new StringBuilder("id");
        for (int j = 0; j < D; j++) table.append(",f").append(j);
        table.append(",label,region\n");
        for (int i = 0; i < N; i++) {
            table.append(id(i));
            for (int j = 0; j < D; j++) table.append(',').append(x[i * D + j]);
            table.append(',').append(y[i]).append(',').append(region(i)).append('\n');
        }
        Files.writeString(dir.resolve("table.csv"), table);

        Files.createDirectories(dir.resolve("parts"));
        HyParquet.write(dir.resolve("parts/part-00000.parquet"), 64, "SNAPPY", table(0, 700));
        HyParquet.write(dir.resolve("parts/part-00001.parquet"), 1000, "GZIP", table(700, N));
        Files.writeString(dir.resolve("parts/_SUCCESS"), ""); // as Spark leaves it: not a part

        List<List<Float>> lists = new ArrayList<>();
        List<Boolean> positive = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            List<Float> t = new ArrayList<>();
            for (int j = 0; j < D; j++) t.add(x[i * D + j]);
            lists.add(t);
            positive.add(y[i] == 1);
        }
        HyParquet.write(dir.resolve("tensors.parquet"), 500, "UNCOMPRESSED", List.of(
                HyParquet.listColumn("pixels", "FLOAT", lists),
                HyParquet.column("is_east", "BOOLEAN", false, positive)));

        npy = run("npy", "{inputs: x.npy, labels: y.npy, calibration: cal.npy, preprocessing: {shape: [8]}}");
        csv = run("csv", "{inputs: table.csv, label: label, id: id, slices: [region], calibration: cal.npy}");
        parts = run("parts", "{inputs: parts, label: label, id: id, slices: [region], calibration: cal.npy}");
        tensors = run("tensors", "{inputs: tensors.parquet, features: [pixels], label: is_east, "
                + "calibration: cal.npy, preprocessing: {shape: [8]}}");
    }

    private static List<Map<String, Object>> table(int from, int to) {
        List<Map<String, Object>> cols = new ArrayList<>();
        cols.add(HyParquet.column("id", "STRING", false, range(from, to, ParquetDatasetTest::id)));
        for (int j = 0; j < D; j++) {
            int f = j;
            cols.add(HyParquet.column("f" + j, "DOUBLE", false, range(from, to, i -> (double) x[i * D + f])));
        }
        cols.add(HyParquet.column("label", "INT32", false, range(from, to, i -> (int) y[i])));
        cols.add(HyParquet.column("region", "STRING", true, range(from, to, ParquetDatasetTest::region)));
        return cols;
    }

    private static <T> List<T> range(int from, int to, java.util.function.IntFunction<T> f) {
        List<T> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(f.apply(i));
        return out;
    }

    static String id(int i) {
        return "s-" + i;
    }

    static String region(int i) {
        return new String[] {"north", "south", "east"}[i % 3];
    }

    private static RunSession.Finished run(String name, String dataset) throws Exception {
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, """
                name: tables
                dataset: %s
                model: {input: x, output: logits, score: {index: 1, transform: softmax}}
                target_precision: 0.9
                batch_size: 100
                reference: onnx-fp32
                variants:
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: model.onnx}
                  - {name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {precision: int8, calibration: minmax}}
                """.formatted(dataset));
        List<String> progress = new ArrayList<>();
        return RunSession.run(SpecLoader.load(spec), RunSession.scoring(false), RunSession.Settings.defaults(
                progress::add, progress::add).withFolder(dir.resolve("run-" + name)).withSpeedProbe(0));
    }

    @Test
    void parquetScoresAreTheCsvAndNpyScoresToTheBit() {
        for (String v : List.of("onnx-fp32", "onnx-int8")) {
            float[] expected = npy.result().scores(v);
            assertEquals(N, expected.length);
            assertArrayEquals(expected, csv.result().scores(v), "CSV, " + v);
            assertArrayEquals(expected, parts.result().scores(v), "Parquet parts, " + v);
            assertArrayEquals(expected, tensors.result().scores(v), "Parquet list column, " + v);
        }
        RunSummary a = summary("npy"), b = summary("csv"), c = summary("parts"), d = summary("tensors");
        for (RunSummary s : List.of(b, c, d)) {
            assertEquals(Double.doubleToLongBits(a.reference().threshold()),
                    Double.doubleToLongBits(s.reference().threshold()));
            assertEquals(a.reference().vsGroundTruth(), s.reference().vsGroundTruth());
            for (int i = 0; i < a.variants().size(); i++) {
                RunSummary.Verdicts va = a.variants().get(i).atReferenceThreshold();
                RunSummary.Verdicts vs = s.variants().get(i).atReferenceThreshold();
                assertEquals(va.flips(), vs.flips());
                assertEquals(va.vsReference(), vs.vsReference());
                assertEquals(va.vsGroundTruth(), vs.vsGroundTruth());
                RunSummary.Drift da = a.variants().get(i).scoreDrift(), ds = s.variants().get(i).scoreDrift();
                assertEquals(List.of(da.meanSigned(), da.maxAbsolute(), da.p50Absolute(), da.p99Absolute()),
                        List.of(ds.meanSigned(), ds.maxAbsolute(), ds.p50Absolute(), ds.p99Absolute()));
                assertEquals(da.largestDiffIndexes(), ds.largestDiffIndexes());
                assertEquals(a.variants().get(i).recalibration(), s.variants().get(i).recalibration());
            }
        }
        // the CSV and the Parquet parts, both with ids, agree on everything that names a sample too
        for (int i = 0; i < b.variants().size(); i++) {
            assertEquals(b.variants().get(i).atReferenceThreshold(), c.variants().get(i).atReferenceThreshold());
            assertEquals(b.variants().get(i).scoreDrift(), c.variants().get(i).scoreDrift());
        }
        // ids and slices from the Parquet columns are the CSV's
        assertEquals(b.slices(), c.slices());
        assertEquals(1200, c.dataset().samples());
    }

    /**
     * A Parquet dataset's run writes its score table as scores.parquet (a CSV dataset's as scores.csv), and parity
     * query reads either to the same rows, scores, verdicts and flips.
     */
    @Test
    void queryReadsScoresParquetAsItReadsScoresCsv() throws Exception {
        assertTrue(Files.isRegularFile(dir.resolve("run-parts/scores.parquet")));
        assertFalse(Files.exists(dir.resolve("run-parts/scores.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("run-csv/scores.csv")));
        assertFalse(Files.exists(dir.resolve("run-csv/scores.parquet")));
        RunTable fromCsv = RunTable.load(dir.resolve("run-csv")), fromParquet = RunTable.load(dir.resolve("run-parts"));
        assertEquals(fromCsv.variants(), fromParquet.variants());
        assertEquals(fromCsv.table().columnNames(), fromParquet.table().columnNames());
        for (int row = 0; row < N; row++) {
            for (String c : List.of("sample_id", "label", "region")) {
                assertEquals(fromCsv.text(c, row), fromParquet.text(c, row), c + ", row " + row);
            }
            for (String v : fromCsv.variants()) {
                assertEquals(Float.floatToIntBits(fromCsv.number(v, row).floatValue()),
                        Float.floatToIntBits(fromParquet.number(v, row).floatValue()), v + ", row " + row);
                assertEquals(fromCsv.flipped(v, row), fromParquet.flipped(v, row));
            }
        }
    }

    private static RunSummary summary(String name) {
        return RunFileCodec.readSummary(dir.resolve("run-" + name + "/summary.json"));
    }

    /** Reads out of order (a restart, a jump over whole row groups and across the part boundary) give the rows asked. */
    @Test
    void readsAnywhereGiveThoseRows() {
        try (ParquetTable t = ParquetTable.open(dir.resolve("parts"), range(0, D, j -> "f" + j), D, Float.MAX_VALUE)) {
            assertEquals(N, t.rows());
            for (int[] r : new int[][] {{650, 100}, {0, 3}, {64, 64}, {1199, 1}, {5, 700}, {700, 1}}) {
                float[] got = new float[r[1] * D];
                t.read(r[0], r[1], got);
                float[] want = java.util.Arrays.copyOfRange(x, r[0] * D, (r[0] + r[1]) * D);
                assertArrayEquals(want, got, "rows " + r[0] + ".." + (r[0] + r[1]));
            }
        }
    }
}
