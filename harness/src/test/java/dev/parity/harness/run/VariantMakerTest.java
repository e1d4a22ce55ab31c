package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.TestFiles;
import dev.parity.harness.results.MadeVariant;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.CudaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Making variants from a spec: caching, refusals, and what cannot be made here. */
class VariantMakerTest {
    @TempDir
    Path dir;
    Path cache;
    final List<String> messages = new ArrayList<>();

    @BeforeEach
    void data() throws IOException {
        cache = dir.resolve("cache");
        Random rnd = new Random(9);
        byte[] images = new byte[30 * 784];
        rnd.nextBytes(images);
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {30, 28, 28}, images);
        byte[] calib = new byte[20 * 784];
        rnd.nextBytes(calib);
        TestFiles.uint8(dir.resolve("calib.npy"), new long[] {20, 28, 28}, calib);
    }

    private ResolvedSpec spec(String calibration, String variants) throws IOException {
        String yaml = """
                name: made
                dataset:
                  inputs: x.npy
                  calibration: %s
                  preprocessing: {divide_by: 255, shape: [1, 28, 28]}
                model: {input: image, output: logit}
                threshold: 0.0
                batch_size: 8
                variants:
                  - {name: fp32, runtime: onnxruntime, artifact: '%s'}
                %s
                """.formatted(calibration, TestFiles.testModel("tiny.onnx"), variants);
        return SpecLoader.load(Files.writeString(dir.resolve("spec.yaml"), yaml));
    }

    private VariantMaker.Result make(ResolvedSpec s) {
        return VariantMaker.make(s, cache, messages::add);
    }

    @Test
    void madeOnceThenReusedAndRemadeWhenSettingsChange() throws IOException {
        String int8 = "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8, target: tensorrt}}";
        VariantMaker.Result first = make(spec("calib.npy", int8));
        MadeVariant a = first.made().get("q");
        assertFalse(a.reused());
        assertTrue(Files.isRegularFile(Path.of(a.artifact())));
        assertEquals(Path.of(a.artifact()), first.artifact("q"));
        assertEquals(20L, ((Number) a.report().get("calibration_samples")).longValue());

        MadeVariant b = make(spec("calib.npy", int8)).made().get("q");
        assertTrue(b.reused());
        assertEquals(a.artifact(), b.artifact());
        assertEquals(a.report(), b.report(), "the report comes back from the cached model's metadata");

        MadeVariant c = make(spec("calib.npy", int8.replace("target: tensorrt", "target: tensorrt, calibration: minmax")))
                .made().get("q");
        assertFalse(c.reused());
        assertNotEquals(a.artifact(), c.artifact());
    }

    @Test
    void aTruncatedCacheEntryIsMadeAgain() throws IOException {
        String fp16 = "  - {name: h, runtime: onnxruntime, from: fp32, convert: {precision: fp16}}";
        MadeVariant a = make(spec("calib.npy", fp16)).made().get("h");
        byte[] bytes = Files.readAllBytes(Path.of(a.artifact()));
        Files.write(Path.of(a.artifact()), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        MadeVariant b = make(spec("calib.npy", fp16)).made().get("h");
        assertFalse(b.reused());
        assertEquals(bytes.length, Files.size(Path.of(b.artifact())));
    }

    @Test
    void refusesToCalibrateOnTheEvaluationSetUnlessForced() throws IOException {
        String int8 = "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8}}";
        ParityInputException e = assertThrows(ParityInputException.class, () -> make(spec("x.npy", int8)));
        assertTrue(e.getMessage().contains("30 of the 30 calibration samples (100%) are samples of the evaluation "
                + "set"), e.getMessage());
        assertTrue(e.getMessage().contains("force_eval_calibration"), e.getMessage());
        String forced = int8.replace("precision: int8", "precision: int8, force_eval_calibration: true");
        assertEquals(1, make(spec("x.npy", forced)).made().size());
    }

    /**
     * A copy of some evaluation rows, in another order and dtype, is found by content (before: only the same path or
     * the same bytes were); a few shared rows are a warning, not a refusal.
     */
    @Test
    void evaluationRowsCopiedIntoTheCalibrationSetAreFound() throws IOException {
        java.nio.ByteBuffer x;
        try (dev.parity.harness.data.NpyFile f = dev.parity.harness.data.NpyFile.open(dir.resolve("x.npy"))) {
            x = f.readRows(0, 30, null);
        }
        float[] copied = new float[20 * 784];
        for (int r = 0; r < 20; r++) {
            int from = r < 6 ? 29 - r : 100; // rows 29..24 of the evaluation set, reversed, then fresh ones
            for (int i = 0; i < 784; i++) {
                copied[r * 784 + i] = from < 30 ? x.get(from * 784 + i) & 0xFF : (r * 7 + i) % 251;
            }
        }
        TestFiles.float32(dir.resolve("copy.npy"), new long[] {20, 28, 28}, copied);
        String int8 = "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8}}";
        ParityInputException e = assertThrows(ParityInputException.class, () -> make(spec("copy.npy", int8)));
        assertTrue(e.getMessage().contains("6 of the 20 calibration samples (30%) are samples of the evaluation set"),
                e.getMessage());

        for (int r = 1; r < 6; r++) copied[r * 784] = 300; // only the first copied row still equals its original
        TestFiles.float32(dir.resolve("copy.npy"), new long[] {20, 28, 28}, copied);
        assertEquals(1, make(spec("copy.npy", int8)).made().size());
        assertTrue(messages.stream().anyMatch(m -> m.contains("warning: q: 1 of the 20 calibration samples (5%)")),
                messages.toString());
    }

    @Test
    void calibrationSetOfTheWrongShape() throws IOException {
        TestFiles.uint8(dir.resolve("calib.npy"), new long[] {5, 14, 14}, new byte[5 * 196]);
        String int8 = "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8}}";
        ParityInputException e = assertThrows(ParityInputException.class, () -> make(spec("calib.npy", int8)));
        assertTrue(e.getMessage().contains("calib.npy") && e.getMessage().contains("196 values"), e.getMessage());
    }

    @Test
    void constantCalibrationSetIsAWarningNotAFailure() throws IOException {
        TestFiles.uint8(dir.resolve("calib.npy"), new long[] {4, 28, 28}, new byte[4 * 784]);
        String int8 = "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8, target: tensorrt}}";
        MadeVariant m = make(spec("calib.npy", int8)).made().get("q");
        assertFalse(((List<?>) m.report().get("degenerate")).isEmpty(), m.report().toString());
        assertTrue(messages.stream().anyMatch(s -> s.contains("degenerate calibration ranges")), messages.toString());
    }

    @Test
    void emptyCalibrationSet() throws IOException {
        TestFiles.uint8(dir.resolve("calib.npy"), new long[] {0, 28, 28}, new byte[0]);
        String int8 = "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8}}";
        ParityInputException e = assertThrows(ParityInputException.class, () -> make(spec("calib.npy", int8)));
        assertTrue(e.getMessage().contains("calibration set is empty"), e.getMessage());
    }

    @Test
    void tensorRtEngineIsUnavailableWithoutAGpuAndSoAreItsDependants() throws IOException {
        assumeFalse(CudaProbe.driverPresent());
        String v = "  - {name: trt, runtime: tensorrt, from: fp32, convert: {precision: fp16}, device: cuda}";
        VariantMaker.Result r = make(spec("calib.npy", v));
        assertTrue(r.made().isEmpty());
        assertTrue(r.unavailable().get("trt").contains("NVIDIA driver"), r.unavailable().toString());
    }

    @Test
    void nonOnnxSourceIsNamed() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "definitely not protobuf \u0000\u0001");
        String yaml = """
                dataset: {inputs: x.npy, preprocessing: {shape: [1, 28, 28]}}
                model: {input: image, output: logit}
                threshold: 0.0
                variants:
                  - {name: fp32, runtime: onnxruntime, artifact: '%s'}
                  - {name: h, runtime: onnxruntime, from: fp32, convert: {precision: fp16}}
                """.formatted(junk);
        ResolvedSpec s = SpecLoader.load(Files.writeString(dir.resolve("s.yaml"), yaml));
        ParityInputException e = assertThrows(ParityInputException.class, () -> make(s));
        // the variant whose file is wrong, not the one being made from it
        assertTrue(e.getMessage().contains("variant 'fp32' (the source of 'h')") && e.getMessage().contains("junk.onnx"),
                e.getMessage());
        assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
    }

    @Test
    void specChecksConvertBlocks() throws IOException {
        Map<String, String> cases = Map.of(
                "  - {name: q, runtime: onnxruntime, from: nope, convert: {precision: int8}}",
                "'variants[1].from' names 'nope'",
                "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int4}}",
                "must be fp16 or int8",
                "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: fp16, target: tensorrt}}",
                "'variants[1].convert.target' does not apply to fp16",
                "  - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8, calibration: kl2}}",
                "calibration method 'kl2'",
                "  - {name: q, runtime: onnxruntime, from: fp32, artifact: x.onnx, convert: {precision: fp16}}",
                "must not be given for a variant Parity makes");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ParityInputException e = assertThrows(ParityInputException.class, () -> spec("calib.npy", c.getKey()));
            assertTrue(e.getMessage().contains(c.getValue()), c.getValue() + " in: " + e.getMessage());
        }
        ParityInputException noCalibration = assertThrows(ParityInputException.class, () -> SpecLoader.load(
                Files.writeString(dir.resolve("n.yaml"), """
                        dataset: {inputs: x.npy, preprocessing: {shape: [1, 28, 28]}}
                        model: {input: image, output: logit}
                        threshold: 0.0
                        variants:
                          - {name: fp32, runtime: onnxruntime, artifact: m.onnx}
                          - {name: q, runtime: onnxruntime, from: fp32, convert: {precision: int8}}
                        """)));
        assertTrue(noCalibration.getMessage().contains("needs 'dataset.calibration'"), noCalibration.getMessage());
    }
}
