package dev.parity.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.harness.ClassModel;
import dev.parity.harness.TestFiles;
import dev.parity.harness.parquet.ParquetTableWriter;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million rows of Parquet (two part files) made here, run by {@code parity eval} and by the Spark job in
 * {@code local[2]} (five tasks, cut across row groups and the part boundary): every variant's scores are the same to
 * the bit, and summary.json is the same except for what a run measures of itself (times, speeds, memory).
 */
class SparkEvalTest {
    static final int N = 1_000_000, D = 8;
    /** What differs between two runs of the same thing: when, how fast, and how much memory. */
    static final Set<String> OF_THE_RUN = Set.of("run", "started_at", "duration_seconds", "inference_seconds",
            "samples_per_second", "peak_rss_bytes", "loop_samples_per_second", "run_id", "host");
    @TempDir
    static Path dir;
    static JavaSparkContext sc;
    static RunSession.Finished local;
    static RunSession.Finished spark;

    @BeforeAll
    static void runBoth() throws Exception {
        ClassModel model = new ClassModel(D, 2, 5, 0.6);
        float[] x = model.samples(N, 9);
        long[] y = model.labels(N);
        Files.createDirectories(dir.resolve("parts"));
        List<ParquetTableWriter.Column> cols = new ArrayList<>();
        cols.add(new ParquetTableWriter.Column("id", ParquetTableWriter.Type.TEXT));
        for (int j = 0; j < D; j++) cols.add(new ParquetTableWriter.Column("f" + j, ParquetTableWriter.Type.FLOAT32));
        cols.add(new ParquetTableWriter.Column("label", ParquetTableWriter.Type.INT32));
        cols.add(new ParquetTableWriter.Column("region", ParquetTableWriter.Type.TEXT));
        for (int part = 0; part < 2; part++) {
            int first = part == 0 ? 0 : 600_000, end = part == 0 ? 600_000 : N;
            ParquetTableWriter.write(dir.resolve("parts/part-0000" + part + ".parquet"), cols, end - first, (c, r) -> {
                int i = (int) (first + r);
                if (c == 0) return "s-" + i;
                if (c <= D) return x[i * D + c - 1];
                if (c == D + 1) return (int) y[i];
                return new String[] {"north", "south", "east"}[i % 3];
            });
        }
        TestFiles.float32(dir.resolve("cal.npy"), new long[] {200, D}, model.samples(200, 13));
        model.write(dir.resolve("model.onnx"), -1, -1);
        Files.writeString(dir.resolve("spec.yaml"), """
                name: million
                dataset: {inputs: parts, label: label, id: id, slices: [region], calibration: cal.npy}
                model: {input: x, output: logits, score: {index: 1, transform: softmax}}
                target_precision: 0.9
                batch_size: 1024
                reference: onnx-fp32
                variants:
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: model.onnx}
                  - {name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {precision: int8, calibration: minmax}}
                """);
        List<String> progress = new ArrayList<>();
        RunSession.Settings settings = RunSession.Settings.defaults(progress::add, progress::add)
                .withCache(dir.resolve("cache")).withStore(dir.resolve("store.sqlite"), true).withSpeedProbe(0);
        local = RunSession.run(SpecLoader.load(dir.resolve("spec.yaml")), RunSession.scoring(false),
                settings.withFolder(dir.resolve("local")));
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("parity-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        spark = SparkEval.run(sc, dir.resolve("spec.yaml"), settings.withFolder(dir.resolve("spark")), 5);
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.close();
    }

    @Test
    void theSparkRunIsTheLocalRun() throws Exception {
        for (String v : List.of("onnx-fp32", "onnx-int8")) {
            float[] scores = local.result().scores(v);
            assertEquals(N, scores.length);
            assertArrayEquals(scores, spark.result().scores(v), v);
        }
        assertEquals(local.exitCode(), spark.exitCode());
        ObjectMapper json = new ObjectMapper();
        JsonNode a = withoutTheRun(json.readTree(dir.resolve("local/summary.json").toFile()));
        JsonNode b = withoutTheRun(json.readTree(dir.resolve("spark/summary.json").toFile()));
        assertEquals(a.toPrettyString(), b.toPrettyString());
        // the figures a reader checks first, spelled out: the threshold to the bit, and flips
        assertEquals(local.summary().reference().threshold(), spark.summary().reference().threshold(), 0);
        assertTrue(Files.isRegularFile(dir.resolve("spark/scores.parquet")));
        assertEquals(junit("local"), junit("spark"));
    }

    /** A spec the job cannot score as parity eval would is refused before any task runs, saying why. */
    @Test
    void refusesWhatItCannotScoreAlike() throws Exception {
        TestFiles.float32(dir.resolve("x.npy"), new long[] {10, D}, new float[10 * D]);
        Files.writeString(dir.resolve("npy.yaml"), """
                name: npy
                dataset: {inputs: x.npy, preprocessing: {shape: [8]}}
                model: {input: x, output: logits, score: {index: 1, transform: softmax}}
                threshold: 0.5
                reference: onnx-fp32
                variants: [{name: onnx-fp32, runtime: onnxruntime, artifact: model.onnx}]
                """);
        RunSession.Settings settings = RunSession.Settings.defaults(m -> { }, m -> { }).withStore(null, false);
        String m = org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> SparkEval.run(sc, dir.resolve("npy.yaml"), settings, 2)).getMessage();
        assertTrue(m.contains("parity-spark reads a Parquet dataset"), m);
        Files.writeString(dir.resolve("own.yaml"), Files.readString(dir.resolve("spec.yaml")).replace(
                "artifact: model.onnx}", "artifact: model.onnx, batch_size: 7}"));
        m = org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> SparkEval.run(sc, dir.resolve("own.yaml"), settings, 2)).getMessage();
        assertTrue(m.contains("variant 'onnx-fp32' has its own preprocessing or batch size"), m);
    }

    /** junit.xml without when and how long (the one attribute each of its elements has that a run measures). */
    private static String junit(String run) throws java.io.IOException {
        return Files.readString(dir.resolve(run + "/junit.xml")).replaceAll(" (time|timestamp)=\"[^\"]*\"", "");
    }

    private static JsonNode withoutTheRun(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(OF_THE_RUN);
            o.properties().forEach(e -> withoutTheRun(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(SparkEvalTest::withoutTheRun);
        }
        return node;
    }
}
