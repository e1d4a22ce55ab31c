package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parity localise from the command line: what it refuses, and what it writes next to a run. */
class LocaliseCliTest {
    @TempDir
    Path dir;

    @Test
    void variantsWithoutOnnxTensorsOrSourceAreRefusedWithTheReason() {
        String spec = TestFiles.demoDir().resolve("eval.yaml").toString();
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("localise", spec, "--variant", "tensorrt-int8"));
        assertTrue(cli.stderr.contains("a TensorRT engine exposes no ONNX tensors and cannot keep an ONNX node in "
                + "FP32; localise the ONNX variant it is built from ('onnx-int8-trt')"), cli.stderr);
        assertEquals(2, cli.run("localise", spec, "--variant", "pytorch"));
        assertTrue(cli.stderr.contains("--variant pytorch is the reference"), cli.stderr);
        assertEquals(2, cli.run("localise", spec, "--variant", "onnx-fp32"));
        assertTrue(cli.stderr.contains("needs its FP32 source in the spec"), cli.stderr);
        assertEquals(2, cli.run("localise", spec, "--variant", "nope"));
        assertTrue(cli.stderr.contains("--variant nope: the spec has no such variant"), cli.stderr);
    }

    @Test
    void aLocalisationNextToARunShowsInItsReport() throws IOException {
        TestFiles.demoSubset(dir, 600);
        Path spec = TestFiles.subsetSpec(dir, "small", "", "  - {name: onnx-fp16, runtime: onnxruntime, from: "
                + "onnx-fp32, convert: {precision: fp16}}\n");
        Path run = dir.resolve("run");
        CliRunner cli = new CliRunner();
        int code = cli.run("eval", spec.toString(), "--out", run.toString(), "--cache", dir.resolve("cache").toString());
        assertTrue(code == 0 || code == 1, cli.stderr);
        long rendered = dev.parity.harness.output.HtmlReport.renders();
        assertEquals(0, cli.run("localise", spec.toString(), "--variant", "onnx-fp16", "--out", run.toString(),
                "--cache", dir.resolve("cache").toString(), "-q"), cli.stderr);
        assertEquals(1, dev.parity.harness.output.HtmlReport.renders() - rendered, "the report is re-rendered once");
        assertTrue(cli.stdout.contains("onnx-fp16 against its source onnx-fp32"), cli.stdout);
        assertTrue(cli.stdout.contains("/head/Gemm"), "every tensor is listed: " + cli.stdout);
        assertTrue(Files.isRegularFile(run.resolve("localise-onnx-fp16.json")));
        assertTrue(Files.isRegularFile(run.resolve("localise-onnx-fp16.png")));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("id=\"localise\""), "report.html has the localisation");
        assertTrue(html.contains("SQNR along the graph"), "with its chart");
        // the folder stays Parity's: eval may replace it again
        assertEquals(code, cli.run("eval", spec.toString(), "--out", run.toString(), "--cache",
                dir.resolve("cache").toString()), cli.stderr);
    }
}
