package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model a conversion starts from is checked against the spec before anything is made, so the spec's own mistake
 * is what the message names. Before: with an INT8 variant present, a wrong shape surfaced as "calib.npy: each sample
 * has 784 values ... needs 812", and a TorchScript file given as the ONNX source was reported under 'onnx-int8'.
 */
class ConversionSourceTest {
    @TempDir
    Path dir;
    CliRunner cli = new CliRunner();

    @BeforeEach
    void data() throws IOException {
        TestFiles.demoSubset(dir, 64);
        Files.copy(TestFiles.demoDir().resolve("calib_images.npy"), dir.resolve("calib.npy"));
    }

    private void refused(String yaml, String... expected) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);
        assertEquals(2, cli.run("eval", spec.toString(), "--out", dir.resolve("run").toString(), "--cache",
                dir.resolve("cache").toString(), "--no-history"), cli.stderr);
        for (String e : expected) assertTrue(cli.stderr.contains(e), "'" + e + "' in: " + cli.stderr);
        assertFalse(Files.exists(dir.resolve("run")));
    }

    private String spec(String shape, Path fp32) throws IOException {
        String yaml = Files.readString(TestFiles.subsetSpec(dir, "s", "", "  - {name: onnx-int8, runtime: onnxruntime, "
                + "from: onnx-fp32, convert: {precision: int8}}\n"))
                .replace("shape: [1, 28, 28]}", "shape: " + shape + "}\n  calibration: calib.npy")
                .replace(TestFiles.demoDir().resolve("model.onnx").toString(), fp32.toString());
        return yaml;
    }

    @Test
    void aWrongShapeIsNamedAsTheModelsNotTheCalibrationFiles() throws IOException {
        refused(spec("[1, 28, 29]", TestFiles.demoDir().resolve("model.onnx")),
                "variant 'onnx-fp32' (the source of 'onnx-int8')", "input 'image' has shape [?,1,28,28] but the "
                        + "spec's preprocessing gives [?,1,28,29]");
        assertFalse(cli.stderr.contains("calib.npy"), cli.stderr);
    }

    @Test
    void aTorchScriptFileGivenAsTheOnnxSourceNamesTheSourceVariant() throws IOException {
        refused(spec("[1, 28, 28]", TestFiles.demoDir().resolve("model.pt")),
                "variant 'onnx-fp32' (the source of 'onnx-int8')", "model.pt: not an ONNX model",
                "parity export-torch");
    }
}
