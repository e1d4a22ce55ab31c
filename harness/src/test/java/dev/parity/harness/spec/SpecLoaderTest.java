package dev.parity.harness.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.runners.DType;
import dev.parity.runners.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    static final String VALID = """
            name: demo
            dataset:
              inputs: x.npy
              labels: y.npy
              preprocessing:
                divide_by: 255
                mean: [0.5]
                std: [0.25]
                shape: [1, 28, 28]
            model:
              input: image
              output: logit
              score: {index: 0, transform: sigmoid}
            target_precision: 0.95
            batch_size: 32
            reference: ref
            variants:
              - {name: ref, runtime: torchscript, artifact: m.pt}
              - {name: fp32, runtime: onnxruntime, artifact: sub/m.onnx, device: cuda:1}
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), yaml);
    }

    private String error(String yaml) throws IOException {
        Path f = write(yaml);
        return assertThrows(ParityInputException.class, () -> SpecLoader.load(f)).getMessage();
    }

    @Test
    void readsAValidSpecWithDefaultsAndResolvedPaths() throws IOException {
        ResolvedSpec s = SpecLoader.load(write(VALID));
        assertEquals("demo", s.name());
        assertEquals(dir.resolve("x.npy"), s.inputs());
        assertEquals(dir.resolve("sub/m.onnx"), s.variants().get(1).artifact());
        assertEquals(new Device(Device.Kind.CUDA, 1), s.variants().get(1).device());
        assertEquals(Device.CPU, s.variants().get(0).device());
        assertEquals(ScoreTransform.SIGMOID, s.transform());
        assertEquals(0.95, s.targetPrecision());
        assertEquals(32, s.batchSize());
        assertEquals(0, s.threads());
        assertEquals(DType.FLOAT32, s.contract().inputType());
        assertEquals(255.0, s.preprocessing().divideBy());
        assertNull(s.fixedThreshold());
    }

    @Test
    void unknownKeyIsNamedWithWhereAndWhatIsAllowed() throws IOException {
        String msg = error(VALID.replace("batch_size: 32", "batch_sise: 32"));
        assertTrue(msg.contains("unknown key 'batch_sise'"), msg);
        assertTrue(msg.contains("at the top level"), msg);
        assertTrue(msg.contains("batch_size"), "lists the allowed keys: " + msg);
        assertTrue(msg.contains("line 15, column 1"), msg);

        String nested = error(VALID.replace("divide_by: 255", "scale: 255"));
        assertTrue(nested.contains("unknown key 'scale' under 'dataset.preprocessing'"), nested);
        assertTrue(nested.contains("center_crop, color, divide_by, mean, resize, resize_interpolation, round_to_uint8, "
                + "shape, std"), nested);
        assertTrue(nested.contains("line 6, column 5"), nested);
    }

    @Test
    void malformedYamlGivesLineAndColumn() throws IOException {
        String msg = error("name: demo\ndataset: [unclosed\n  inputs: x\n");
        assertTrue(msg.contains("line "), msg);
        assertTrue(msg.contains("column "), msg);
        assertTrue(msg.startsWith(dir.resolve("spec.yaml").toString()), msg);
    }

    @Test
    void wrongTypeNamesTheKey() throws IOException {
        String msg = error(VALID.replace("batch_size: 32", "batch_size: lots"));
        assertTrue(msg.contains("key 'batch_size'"), msg);
    }

    @Test
    void missingAndInvalidValuesNameTheKey() throws IOException {
        assertTrue(error(VALID.replace("  inputs: x.npy\n", "")).contains("'dataset.inputs' is required"));
        assertTrue(error(VALID.replace("target_precision: 0.95", "target_precision: 1.5"))
                .contains("'target_precision' must be in (0, 1]"));
        assertTrue(error(VALID.replace("transform: sigmoid", "transform: tanh")).contains("'model.score.transform'"));
        assertTrue(error(VALID.replace("runtime: torchscript", "runtime: tflite")).contains("'variants[0].runtime'"));
        String device = error(VALID.replace("device: cuda:1", "device: tpu"));
        assertTrue(device.contains("line 19") && device.contains("'variants[1].device'"), device);
        assertTrue(error(VALID.replace("reference: ref", "reference: nope")).contains("'reference' names 'nope'"));
        assertTrue(error(VALID.replace("name: fp32", "name: ref")).contains("used by two variants"));
        assertTrue(error(VALID.replace("std: [0.25]", "std: [0]")).contains("non-zero"));
        assertTrue(error(VALID.replace("mean: [0.5]", "mean: [0.5, 0.1]")).contains("one per channel"));
        assertTrue(error(VALID.replace("  labels: y.npy\n", "")).contains("'dataset.labels' is required unless"));
    }

    @Test
    void duplicateKeysAreRejected() throws IOException {
        assertTrue(error(VALID + "batch_size: 8\n").contains("batch_size"));
    }

    @Test
    void missingOrEmptySpecFile() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertTrue(assertThrows(ParityInputException.class, () -> SpecLoader.load(missing)).getMessage()
                .contains("spec file not found"));
        assertTrue(error("").contains("the spec is empty"));
    }

    @Test
    void fixedThresholdMakesLabelsOptional() throws IOException {
        ResolvedSpec s = SpecLoader.load(write(VALID.replace("  labels: y.npy\n", "") + "threshold: 0.25\n"));
        assertNull(s.labels());
        assertEquals(0.25, s.fixedThreshold());
    }
}
