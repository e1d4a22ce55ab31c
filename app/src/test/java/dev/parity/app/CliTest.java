package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.TestFiles;
import dev.parity.runners.CudaProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `parity eval` on tiny models and data: a good run, and each kind of bad input, which must exit 2 with one
 * clear message and leave no output folder (nor a staging folder) behind.
 */
class CliTest {
    static final int SAMPLES = 40;

    @TempDir
    Path dir;
    Path outParent;
    Path out;
    String stdout;
    String stderr;

    @BeforeEach
    void data() throws IOException {
        CliRunner.tinyDataset(dir, SAMPLES, 3);
        outParent = Files.createDirectories(dir.resolve("outputs"));
        out = outParent.resolve("run");
    }

    private String spec(String modelLines, String variants) {
        return """
                name: tiny
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  preprocessing: {divide_by: 255, mean: [0.5], std: [0.5], shape: [1, 28, 28]}
                model:
                %s
                target_precision: 0.3
                batch_size: 16
                # an untrained model's scores sit close together, so last-bit differences between
                # TorchScript and ONNX Runtime flip a few of 40 verdicts; these tests are not about gates
                gates: {min_agreement: 0.8, min_agreement_recalibrated: 0.8, max_precision_drop: 0.5, max_recall_drop: 0.5}
                reference: ref
                variants:
                %s
                """.formatted(modelLines, variants);
    }

    private String defaultModel() {
        return "  input: image\n  output: logit\n";
    }

    private String variants(String... lines) {
        return String.join("\n", lines);
    }

    private String tinyVariants() {
        return variants("  - {name: ref, runtime: torchscript, artifact: '" + TestFiles.testModel("tiny.pt") + "'}",
                "  - {name: fp32, runtime: onnxruntime, artifact: '" + TestFiles.testModel("tiny.onnx") + "'}");
    }

    private int eval(String yaml) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);
        return run("eval", spec.toString(), "--out", out.toString(), "--quiet");
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
        stdout = o.toString();
        stderr = e.toString();
        return code;
    }

    private void assertBadInput(int code, String... expectedInMessage) throws IOException {
        assertEquals(2, code, "exit code; stderr: " + stderr);
        assertTrue(stderr.startsWith("parity: error: "), stderr);
        assertEquals(1, stderr.strip().lines().count(), "one message: " + stderr);
        for (String s : expectedInMessage) assertTrue(stderr.contains(s), "'" + s + "' in: " + stderr);
        assertFalse(Files.exists(out), "no output folder");
        try (Stream<Path> left = Files.list(outParent)) {
            assertEquals(0, left.count(), "no staging folder left behind");
        }
    }

    @Test
    void goodRunWritesOutputsAndExitsZero() throws IOException {
        assertEquals(0, eval(spec(defaultModel(), tinyVariants())), stderr);
        assertTrue(stdout.contains("Reference threshold"), stdout);
        assertTrue(stdout.contains("fp32"), stdout);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("ok", s.at("/variants/1/status").asText());
        assertTrue(s.at("/variants/1/score_drift/max_absolute").asDouble() < 1e-5, "same weights in both files");
        assertEquals(SAMPLES + 1, Files.readAllLines(out.resolve("scores.csv")).size());
    }

    /** A dataset whose scores cannot fit the heap is refused at once, not after hours of scoring. */
    @Test
    void aDatasetTooLargeForTheHeapIsRefusedBeforeScoring() throws IOException {
        long rows = 3L * Runtime.getRuntime().maxMemory() / 8; // 8 bytes of scores alone with two variants
        org.junit.jupiter.api.Assumptions.assumeTrue(rows < Integer.MAX_VALUE, "heap too large for this check");
        Path x = TestFiles.npy(dir.resolve("x.npy"), "|u1", new long[] {rows, 1}, new byte[0]);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(x.toFile(), "rw")) {
            f.setLength(f.length() + rows); // sparse: takes no disk
        }
        Files.delete(dir.resolve("y.npy"));
        String yaml = spec(defaultModel(), tinyVariants()).replace("  labels: y.npy\n", "")
                .replace("shape: [1, 28, 28]", "shape: [1]").replace("target_precision: 0.3", "threshold: 0.0");
        long t0 = System.nanoTime();
        assertBadInput(eval(yaml), "x.npy", "samples x 2 variant(s) needs about", "PARITY_JAVA_OPTS=-Xmx");
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "not by scoring first");
    }

    @Test
    void unavailableDeviceIsReportedAndTheRunGoesOn() throws IOException {
        String v = tinyVariants() + "\n  - {name: fp32-cuda, runtime: onnxruntime, artifact: '"
                + TestFiles.testModel("tiny.onnx") + "', device: cuda}";
        assertEquals(0, eval(spec(defaultModel(), v)), stderr);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode cuda = s.at("/variants/2");
        assertEquals("ok", s.at("/variants/1/status").asText(), "the other variants still ran");
        if (CudaProbe.driverPresent()) {
            return; // a GPU machine may run it; GpuRunnerTest checks that path
        }
        assertEquals("unavailable", cuda.get("status").asText());
        assertTrue(cuda.get("reason").asText().contains("CUDA"), cuda.toString());
        assertTrue(stdout.contains("fp32-cuda is unavailable"), stdout);
    }

    @Test
    void missingSpec() throws IOException {
        assertBadInput(run("eval", dir.resolve("nope.yaml").toString(), "--out", out.toString()),
                "nope.yaml", "spec file not found");
    }

    @Test
    void missingModelFile() throws IOException {
        String v = variants("  - {name: ref, runtime: onnxruntime, artifact: missing.onnx}");
        assertBadInput(eval(spec(defaultModel(), v)), "missing.onnx", "model file not found", "variant 'ref'");
    }

    @Test
    void notAModel() throws IOException {
        Files.writeString(dir.resolve("junk.onnx"), "not a model");
        String v = variants("  - {name: ref, runtime: onnxruntime, artifact: junk.onnx}");
        assertBadInput(eval(spec(defaultModel(), v)), "junk.onnx", "cannot load");
    }

    @Test
    void inputNameDiffers() throws IOException {
        assertBadInput(eval(spec("  input: pixels\n  output: logit\n", tinyVariants())),
                "expects input 'pixels'", "image float32[?,1,28,28]");
    }

    @Test
    void inputShapeDiffers() throws IOException {
        String yaml = spec(defaultModel(), tinyVariants()).replace("shape: [1, 28, 28]", "shape: [1, 784]");
        assertBadInput(eval(yaml), "tiny.onnx", "has shape [?,1,28,28]", "[?,1,784]");
    }

    @Test
    void inputDtypeDiffers() throws IOException {
        String v = variants("  - {name: ref, runtime: onnxruntime, artifact: '" + TestFiles.testModel("tiny.onnx") + "'}");
        assertBadInput(eval(spec(defaultModel() + "  input_dtype: float16\n", v)),
                "input 'image' is float32 but the spec declares float16");
    }

    @Test
    void outputNameDiffers() throws IOException {
        assertBadInput(eval(spec("  input: image\n  output: prob\n", tinyVariants())),
                "expects output 'prob'", "logit");
    }

    @Test
    void labelsLengthDiffers() throws IOException {
        TestFiles.uint8(dir.resolve("y.npy"), new long[] {SAMPLES - 1}, new byte[SAMPLES - 1]);
        assertBadInput(eval(spec(defaultModel(), tinyVariants())), "y.npy", "39 labels for 40 input samples");
    }

    @Test
    void emptyDataset() throws IOException {
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {0, 28, 28}, new byte[0]);
        assertBadInput(eval(spec(defaultModel(), tinyVariants())), "x.npy", "empty");
    }

    @Test
    void sampleSizeDiffersFromPreprocessingShape() throws IOException {
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {SAMPLES, 27, 28}, new byte[SAMPLES * 27 * 28]);
        assertBadInput(eval(spec(defaultModel(), tinyVariants())), "x.npy", "756 values", "needs 784");
    }

    /**
     * A reference that gives nothing but NaN is a runtime's fault, not the spec's (exit 1, not 2); with no finite
     * score there is no threshold to fit, so nothing is written. (Some NaN: ReferenceTrustTest, a full report.)
     */
    @Test
    void nanInEveryReferenceScore() throws IOException {
        String v = variants("  - {name: ref, runtime: onnxruntime, artifact: '" + TestFiles.testModel("nan.onnx") + "'}",
                "  - {name: fp32, runtime: onnxruntime, artifact: '" + TestFiles.testModel("tiny.onnx") + "'}");
        assertEquals(1, eval(spec(defaultModel(), v)), stderr);
        for (String s : new String[] {"reference variant 'ref' gave no finite score", "all 40", "[0, 1, 2, 3, 4]",
                "finite"}) {
            assertTrue(stderr.contains(s), "'" + s + "' in: " + stderr);
        }
        assertFalse(Files.exists(out), "no output folder");
    }

    /** Before: "reference variant 'ref' gave no finite score" for sample 7, blaming the model for the data's NaN. */
    @Test
    void aNanInTheInputsIsNamedWhereItIs() throws IOException {
        float[] x = new float[SAMPLES * 28 * 28];
        java.util.Arrays.fill(x, 100f);
        x[7 * 784 + 3 * 28 + 9] = Float.NaN;
        TestFiles.float32(dir.resolve("x.npy"), new long[] {SAMPLES, 28, 28}, x);
        assertBadInput(eval(spec(defaultModel(), tinyVariants())), "x.npy: row 7 (sample 7), element [3, 9]: expected "
                + "a finite number, found NaN");
    }

    @Test
    void unreachableTargetPrecision() throws IOException {
        TestFiles.uint8(dir.resolve("y.npy"), new long[] {SAMPLES}, new byte[SAMPLES]);
        assertBadInput(eval(spec(defaultModel(), tinyVariants())), "target_precision 0.3 cannot be reached",
                "best precision any threshold gives is 0.0000");
    }

    @Test
    void malformedYaml() throws IOException {
        assertBadInput(eval("name: tiny\ndataset: {inputs: x.npy\nmodel: [\n"), "spec.yaml line ", "malformed YAML");
    }

    @Test
    void unknownSpecKey() throws IOException {
        String yaml = spec(defaultModel(), tinyVariants()).replace("batch_size: 16", "batch_size: 16\ngatez: {}");
        assertBadInput(eval(yaml), "unknown key 'gatez'", "allowed here:");
    }

    @Test
    void badCommandLineIsUsageError() {
        assertEquals(2, run("eval"));
        assertTrue(stderr.contains("Missing required parameter: 'SPEC'"), stderr);
        assertEquals(2, run("eval", "x.yaml", "--batch-size", "many"));
    }

    @Test
    void convertMakesAndCopiesTheVariants() throws IOException {
        String v = tinyVariants() + "\n  - {name: half, runtime: onnxruntime, from: fp32, convert: {precision: fp16}}";
        Path spec = Files.writeString(dir.resolve("spec.yaml"), spec(defaultModel(), v));
        Path copies = dir.resolve("made");
        assertEquals(0, run("convert", spec.toString(), "--cache", dir.resolve("cache").toString(),
                "--copy-to", copies.toString()), stderr);
        assertTrue(Files.isRegularFile(copies.resolve("half.onnx")));
        assertTrue(stdout.contains("half: ") && stdout.contains("made from fp32 by fp16"), stdout);
        assertEquals(2, run("convert", spec.toString(), "--variant", "fp32"));
        assertTrue(stderr.contains("is a given file"), stderr);
    }

    @Test
    void compareFromFlagsAloneThenHistory() throws IOException {
        assertEquals(0, run("compare", "--reference", TestFiles.testModel("tiny.onnx").toString(),
                "--variant", "fp32=" + TestFiles.testModel("tiny.onnx"), "--inputs", dir.resolve("x.npy").toString(),
                "--labels", dir.resolve("y.npy").toString(), "--target-precision", "0.3", "--shape", "1,28,28",
                "--divide-by", "255", "--input", "image", "--output", "logit", "--out", out.toString()), stderr);
        assertTrue(stdout.contains("Ship '"), stdout);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertEquals(2, run("compare", "--reference", "model.tflite", "--variant", "a=b.onnx", "--inputs", "x.npy",
                "--shape", "1"));
        assertTrue(stderr.contains("cannot tell the runtime"), stderr);

        Path png = dir.resolve("trend.png");
        Path db = dir.resolve("history.sqlite");
        assertEquals(0, run("history", "import", outParent.toString(), "--history", db.toString()), stderr);
        assertEquals(0, run("history", "--history", db.toString(), "--chart", png.toString()), stderr);
        assertTrue(stdout.contains("run") && stdout.contains("fp32"), stdout);
        assertTrue(Files.size(png) > 1000);
        assertEquals(2, run("history", "import", dir.resolve("x.npy").toString(), "--history", db.toString()));
    }

    @Test
    void helpExplainsEveryOption() {
        assertEquals(0, run("eval", "--help"));
        for (String opt : new String[] {"--out", "--batch-size", "--threads", "--quiet"}) {
            assertTrue(stdout.contains(opt), opt + " in " + stdout);
        }
        assertEquals(0, run("--help"));
        assertTrue(stdout.contains("Exit codes"), stdout);
    }

    /** --out on a folder holding anything Parity did not write: exit 2 before any work, and every file stays. */
    @Test
    void outNeverDeletesWhatParityDidNotWrite() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        Files.createDirectories(mine.resolve("sub"));
        Files.write(mine.resolve("sub/data.bin"), new byte[] {1, 2, 3});
        Path spec = Files.writeString(dir.resolve("spec.yaml"), spec(defaultModel(), tinyVariants()));
        for (String[] args : new String[][] {
                {"eval", spec.toString(), "--out", mine.toString(), "-q"},
                {"convert", spec.toString(), "--copy-to", mine.toString()}}) {
            assertEquals(2, run(args), String.join(" ", args) + ": " + stderr);
            assertTrue(stderr.contains(mine.toString()) && stderr.contains("Nothing was touched"), stderr);
            assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
            assertTrue(Files.isRegularFile(mine.resolve("sub/data.bin")));
        }
        // the current folder of a user is the classic case: --out .
        assertEquals(0, eval(spec(defaultModel(), tinyVariants())), stderr);
        Files.writeString(out.resolve("analysis.txt"), "mine now");
        assertEquals(2, eval(spec(defaultModel(), tinyVariants())), stderr);
        assertTrue(stderr.contains("'analysis.txt' in it was not written by Parity"), stderr);
        assertEquals("mine now", Files.readString(out.resolve("analysis.txt")));
    }
}
