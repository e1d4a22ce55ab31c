package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.OverflowModel;
import dev.parity.harness.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic FP16 fault on a real model, next to the demo's variants, through the whole pipeline: an FP16 variant
 * whose activations overflow 65504 gives +Inf, -Inf and NaN on most samples. The run finishes with exit 1 and a
 * complete report; the variant fails max_nan_inf and is never recommended; baseline, history, sharding with merge
 * and export-triton all work on such a run (export refuses that variant, saying why).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverflowRunTest {
    static final int SAMPLES = 1000;

    @TempDir
    static Path dir;
    Path spec;
    Path run;
    JsonNode summary;
    final CliRunner cli = new CliRunner();

    @BeforeAll
    void evaluate() throws Exception {
        TestFiles.demoSubset(dir, SAMPLES);
        Path demo = TestFiles.demoDir();
        OverflowModel.write(dir.resolve("scaled.onnx"), OverflowModel.LOG2_SCALE);
        spec = Files.writeString(dir.resolve("spec.yaml"), """
                name: overflow
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
                  calibration: '%s'
                model: {input: image, output: logit}
                target_precision: 0.9
                batch_size: 64
                reference: pytorch
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: '%s'}
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: '%s'}
                  - {name: onnx-fp16, runtime: onnxruntime, from: onnx-fp32, convert: {precision: fp16}}
                  - {name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {precision: int8}}
                  - {name: tensorrt-int8, runtime: tensorrt, device: cuda, from: onnx-int8, convert: {precision: int8}}
                  - {name: scaled-fp32, runtime: onnxruntime, artifact: scaled.onnx}
                  - {name: scaled-fp16, runtime: onnxruntime, from: scaled-fp32, convert: {precision: fp16}}
                """.formatted(demo.resolve("calib_images.npy"), demo.resolve("model.pt"), demo.resolve("model.onnx")));
        run = dir.resolve("run");
        assertEquals(1, cli.run("eval", spec.toString(), "--out", run.toString(), "-q", "--cache",
                dir.resolve("cache").toString()), cli.stderr);
        assertTrue(cli.stderr.isEmpty(), "no exception anywhere: " + cli.stderr);
        summary = RunFiles.requireComplete(run, SAMPLES);
    }

    @Test
    void theOverflowingVariantFailsItsGateWithEveryKindCounted() {
        JsonNode v = RunFiles.variant(summary, "scaled-fp16");
        assertEquals("ok", v.path("status").asText());
        JsonNode d = v.path("score_drift");
        assertTrue(d.path("nan_count").asLong() > 0 && d.path("pos_inf_count").asLong() > 0
                && d.path("neg_inf_count").asLong() > 0, d.toString());
        long nonFinite = d.path("nan_count").asLong() + d.path("inf_count").asLong();
        assertTrue(nonFinite > SAMPLES / 2, "most samples overflow: " + nonFinite);
        assertEquals(SAMPLES - nonFinite, d.path("compared").asLong());
        assertEquals("FAIL", RunFiles.gate(summary, "scaled-fp16", "max_nan_inf"));
        assertTrue(Double.isFinite(v.at("/recalibration/threshold").asDouble(Double.NaN)), "a finite threshold");
        assertNotEquals("scaled-fp16", summary.at("/decision/recommendation/variant").asText());
        assertTrue(summary.at("/decision/recommendation/reasons/scaled-fp16").asText().contains("max_nan_inf"),
                summary.at("/decision/recommendation/reasons").toString());
    }

    @Test
    void theScaledFp32ModelComputesTheSameFunction() {
        JsonNode v = RunFiles.variant(summary, "scaled-fp32");
        JsonNode fp32 = RunFiles.variant(summary, "onnx-fp32");
        assertEquals(0, v.at("/score_drift/nan_count").asLong() + v.at("/score_drift/inf_count").asLong());
        assertEquals(fp32.at("/score_drift/max_absolute").asDouble(), v.at("/score_drift/max_absolute").asDouble(),
                1e-6, "scaling by powers of two leaves FP32 as it was");
        assertEquals(1.0, v.at("/at_reference_threshold/agreement").asDouble());
    }

    @Test
    void theReportsShowTheFault() throws Exception {
        Document html = Jsoup.parse(run.resolve("report.html").toFile());
        assertTrue(html.text().contains("NaN") && html.text().contains("+Inf") && html.text().contains("-Inf"),
                "the variant table counts each kind");
        assertTrue(html.select("figcaption").text().contains("Left out:"), "plot captions say what was left out");
        assertEquals(html.select("img").size(), html.select("figure img").size());
        String junit = Files.readString(run.resolve("junit.xml"));
        assertTrue(junit.contains("scaled-fp16") && junit.contains("<failure"), junit);
        assertTrue(Files.readString(run.resolve("report.md")).contains("scaled-fp16"));
    }

    @Test
    void aBaselineAndTheHistoryReadSuchARun() throws Exception {
        Path second = dir.resolve("run2");
        assertEquals(1, cli.run("eval", spec.toString(), "--out", second.toString(), "-q", "--cache",
                dir.resolve("cache").toString(), "--baseline", run.resolve("summary.json").toString()), cli.stderr);
        JsonNode s2 = RunFiles.requireComplete(second, SAMPLES);
        assertEquals("PASS", RunFiles.gate(s2, "onnx-fp32", "no_regression"));
        Path db = dir.resolve("history.sqlite");
        assertEquals(0, cli.run("history", "import", run.toString(), second.toString(), "--history", db.toString()),
                cli.stderr);
        assertEquals(0, cli.run("history", "--history", db.toString(), "--chart", dir.resolve("trend.png").toString()),
                cli.stderr);
        assertTrue(cli.stdout.contains("scaled-fp16"), cli.stdout);
    }

    @Test
    void shardsOfSuchARunMergeIntoTheSameSummary() throws Exception {
        for (String s : new String[] {"1/2", "2/2"}) {
            assertEquals(0, cli.run("eval", spec.toString(), "--shard", s, "--out",
                    dir.resolve("shard-" + s.charAt(0)).toString(), "-q", "--cache", dir.resolve("cache").toString()),
                    cli.stderr);
        }
        Path merged = dir.resolve("merged");
        assertEquals(1, cli.run("merge", spec.toString(), dir.resolve("shard-1").toString(),
                dir.resolve("shard-2").toString(), "--out", merged.toString()), cli.stderr);
        assertEquals(RunFiles.scoreColumns(run), RunFiles.scoreColumns(merged));
        String whole = Files.readString(run.resolve("summary.json")), joined = Files.readString(merged.resolve("summary.json"));
        // up to the decision: which passing variant ships still follows the evaluation loop's timing here
        java.util.List<String> a = whole.substring(0, whole.indexOf("\"decision\" :")).lines().toList();
        java.util.List<String> b = joined.substring(0, joined.indexOf("\"decision\" :")).lines().toList();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) assertEquals(a.get(i), b.get(i), "line " + (i + 1));
        assertEquals(a.size(), b.size());
    }

    @Test
    void exportTritonRefusesTheOverflowingVariantAndSaysWhy() {
        assertEquals(2, cli.run("export-triton", spec.toString(), "--variant", "scaled-fp16", "--run", run.toString(),
                "--out", dir.resolve("repo").toString(), "--cache", dir.resolve("cache").toString()));
        assertTrue(cli.stderr.contains("non-finite score(s)") && cli.stderr.contains("not fit to serve"), cli.stderr);
        assertEquals(0, cli.run("export-triton", spec.toString(), "--run", run.toString(), "--out",
                dir.resolve("repo").toString(), "--cache", dir.resolve("cache").toString()), cli.stderr);
    }
}
