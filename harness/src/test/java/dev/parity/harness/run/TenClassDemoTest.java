package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.TestFiles;
import dev.parity.harness.results.Json;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.metrics.ClassAccuracy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-class demo (datasets/fashion-mnist-10) against independent truth: its ONNX FP32 export, scored by Parity
 * through ONNX Runtime, classifies the 10,000 test images as torch 1.13 did when make_demo.py trained it
 * (reference_metrics.json): the same accuracy and the same count of images per predicted class, up to the odd
 * sample whose two top logits float32 rounding can swap.
 */
class TenClassDemoTest {
    @TempDir
    Path cache;

    @Test
    void theOnnxExportClassifiesAsTorchDid() throws IOException {
        Path dir = TestFiles.demoDir().getParent().resolve("fashion-mnist-10");
        ResolvedSpec full = SpecLoader.load(dir.resolve("eval.yaml"));
        ResolvedSpec spec = full.withVariants(List.of(full.variant("onnx-fp32").orElseThrow()))
                .withReference("onnx-fp32");
        EvaluationResult r = Evaluation.run(spec, cache, m -> { });
        JsonNode truth = Json.MAPPER.readTree(dir.resolve("reference_metrics.json").toFile());
        ClassAccuracy vsTruth = r.classReference().vsTruth();
        assertEquals(10_000, vsTruth.samples());
        assertEquals(truth.get("accuracy").asDouble(), vsTruth.accuracy(), 2e-4);
        long[] predicted = new long[10];
        for (int c : r.classReference().top1()) predicted[c]++;
        for (int c = 0; c < 10; c++) {
            long torch = truth.get("predicted_class_counts").get(c).asLong();
            assertTrue(Math.abs(torch - predicted[c]) <= 2, "class " + c + ": torch " + torch + ", Parity "
                    + predicted[c]);
        }
    }
}
