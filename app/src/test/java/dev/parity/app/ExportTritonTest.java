package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.harness.TestFiles;
import dev.parity.harness.triton.ConfigCheck;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parity export-triton}: a Triton model folder whose config parses against Triton's schema. */
class ExportTritonTest {
    @TempDir
    Path dir;
    Path spec;
    Path run;
    Path repo;
    final CliRunner runner = new CliRunner();
    String stdout;
    String stderr;

    @BeforeEach
    void evaluate() throws IOException {
        CliRunner.tinyDataset(dir, 40, 5);
        spec = CliRunner.tinySpec(dir, "tiny", 16, """
                  - {name: ref, runtime: torchscript, artifact: '%s'}
                  - {name: fp32, runtime: onnxruntime, artifact: '%s'}
                """.formatted(TestFiles.testModel("tiny.pt"), TestFiles.testModel("tiny.onnx")));
        run = dir.resolve("run");
        repo = dir.resolve("repo");
        assertEquals(0, cli("eval", spec.toString(), "--out", run.toString(), "--quiet"), stderr);
    }

    private int cli(String... args) {
        int code = runner.run(args);
        stdout = runner.stdout;
        stderr = runner.stderr;
        return code;
    }

    private ModelConfig config(String model) throws IOException {
        return ConfigCheck.parse(Files.readString(repo.resolve(model).resolve("config.pbtxt")));
    }

    @Test
    void theRecommendedVariantIsExportedWithTheRunsThreshold() throws IOException {
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        String recommended = summary.at("/decision/recommendation/variant").asText();
        double threshold = summary.at("/decision/recommendation/threshold").asDouble();
        assertEquals(0, cli("export-triton", spec.toString(), "--run", run.toString(), "--out", repo.toString()), stderr);
        ModelConfig c = config(recommended);
        assertEquals(recommended, c.getName());
        assertEquals(16, c.getMaxBatchSize(), "the spec's batch size");
        String readme = Files.readString(repo.resolve(recommended).resolve("README.md"));
        assertTrue(readme.contains("**" + dev.parity.harness.results.Format.threshold(threshold) + "**"), readme);
        assertTrue(readme.contains("the run's recommendation"), readme);
        assertTrue(stdout.contains("parsed back against Triton's ModelConfig schema: OK"), stdout);
    }

    @Test
    void onnxVariantGetsOnnxRuntimePlatformAndItsGraphsDims() throws IOException {
        assertEquals(0, cli("export-triton", spec.toString(), "--run", run.toString(), "--variant", "fp32",
                "--model-name", "coat", "--max-batch-size", "8", "--instances", "2", "--out", repo.toString()), stderr);
        ModelConfig c = config("coat");
        assertEquals("onnxruntime_onnx", c.getPlatform());
        assertEquals(8, c.getMaxBatchSize());
        assertEquals("image", c.getInput(0).getName());
        assertEquals(List.of(1L, 28L, 28L), c.getInput(0).getDimsList());
        assertEquals(List.of(1L), c.getOutput(0).getDimsList());
        assertEquals(2, c.getInstanceGroup(0).getCount());
        assertArrayEquals(Files.readAllBytes(TestFiles.testModel("tiny.onnx")),
                Files.readAllBytes(repo.resolve("coat/1/model.onnx")));
    }

    @Test
    void torchScriptVariantUsesThePyTorchBackendsTensorNames() throws IOException {
        assertEquals(0, cli("export-triton", spec.toString(), "--run", run.toString(), "--variant", "ref",
                "--out", repo.toString()), stderr);
        ModelConfig c = config("ref");
        assertEquals("pytorch_libtorch", c.getPlatform());
        assertEquals("INPUT__0", c.getInput(0).getName());
        assertEquals(List.of(1L, 28L, 28L), c.getInput(0).getDimsList());
        assertEquals("OUTPUT__0", c.getOutput(0).getName());
        assertEquals(List.of(1L), c.getOutput(0).getDimsList(), "read by running the module once");
        assertTrue(Files.isRegularFile(repo.resolve("ref/1/model.pt")));
        assertTrue(Files.readString(repo.resolve("ref/README.md")).contains("input: INPUT__0, output: OUTPUT__0"),
                "the served-variant snippet maps the PyTorch backend's tensor names");
    }

    @Test
    void otherModelsInTheRepositoryAreLeftAloneAndAReExportReplacesItsOwnFolder() throws IOException {
        Path other = Files.createDirectories(repo.resolve("other/1"));
        Files.writeString(other.resolve("model.onnx"), "someone else's");
        assertEquals(0, cli("export-triton", spec.toString(), "--threshold", "0.3", "--variant", "fp32",
                "--out", repo.toString()), stderr);
        assertEquals(0, cli("export-triton", spec.toString(), "--threshold", "0.25", "--variant", "fp32",
                "--out", repo.toString()), stderr);
        assertEquals("someone else's", Files.readString(other.resolve("model.onnx")));
        assertTrue(Files.readString(repo.resolve("fp32/README.md")).contains("**0.25**"),
                "the earlier export of this model was replaced whole");
        // a model folder of that name that Parity did not write is somebody's model: refused, untouched
        Files.createDirectories(repo.resolve("other-fp32/7"));
        assertEquals(2, cli("export-triton", spec.toString(), "--threshold", "0.25", "--variant", "fp32",
                "--model-name", "other-fp32", "--out", repo.toString()));
        assertTrue(stderr.contains("not a Parity output folder") && stderr.contains("'7'"), stderr);
        assertTrue(Files.isDirectory(repo.resolve("other-fp32/7")));
    }

    @Test
    void badRequestsAreRefusedNamingWhatIsWrongAndWriteNothing() throws IOException {
        assertEquals(2, cli("export-triton", spec.toString(), "--run", run.toString(), "--variant", "nope",
                "--out", repo.toString()));
        assertTrue(stderr.contains("--variant nope: the spec has no such variant; it has [ref, fp32]"), stderr);
        assertEquals(2, cli("export-triton", spec.toString(), "--run", run.toString(), "--variant", "fp32",
                "--trt-accelerator", "fp16", "--out", repo.toString()));
        assertTrue(stderr.contains("--trt-accelerator applies to ONNX models on GPU instances"), stderr);
        assertEquals(2, cli("export-triton", spec.toString(), "--run", dir.resolve("nowhere").toString(),
                "--out", repo.toString()));
        assertTrue(stderr.contains("no evaluation run there"), stderr);
        assertFalse(Files.exists(repo), "nothing written");
    }

    @Test
    void aModelFileThatChangedSinceTheRunIsRefused() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = (ObjectNode) json.readTree(run.resolve("summary.json").toFile());
        ((ObjectNode) summary.at("/variants/1/artifact")).put("sha256", "0".repeat(64));
        json.writeValue(run.resolve("summary.json").toFile(), summary);
        assertEquals(2, cli("export-triton", spec.toString(), "--run", run.toString(), "--variant", "fp32",
                "--out", repo.toString()));
        assertTrue(stderr.contains("the run evaluated a different file for 'fp32'"), stderr);
    }
}
