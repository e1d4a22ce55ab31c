package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variant marked informational that fails a gate (FP16 against max_abs_diff: 0) is evaluated and reported, but the
 * exit code stays 0 and JUnit marks its failure skipped; without the mark the same run exits 1.
 */
class InformationalTest {
    @TempDir
    Path dir;

    Path spec(String name, boolean informational) throws IOException {
        return TestFiles.subsetSpec(dir, name, "gates: {max_abs_diff: 0}", "  - {name: onnx-fp16, runtime: "
                + "onnxruntime, from: onnx-fp32, convert: {precision: fp16}" + (informational ? ", informational: true"
                : "") + "}\n");
    }

    @Test
    void anInformationalFailureIsReportedNotCounted() throws IOException {
        TestFiles.demoSubset(dir, 300);
        CliRunner cli = new CliRunner();
        Path counted = spec("counted", false);
        assertEquals(1, cli.run("eval", counted.toString(), "--out", dir.resolve("counted").toString(), "--cache",
                dir.resolve("cache").toString(), "--no-history"), cli.stderr);

        Path watched = spec("watched", true);
        assertEquals(0, cli.run("eval", watched.toString(), "--out", dir.resolve("watched").toString(), "--cache",
                dir.resolve("cache").toString(), "--no-history"), cli.stdout + cli.stderr);
        assertTrue(cli.stdout.contains("Failed gates of informational variants (reported, not counted in the exit "
                + "code):\n  onnx-fp16  max_abs_diff:"), cli.stdout);
        String junit = Files.readString(dir.resolve("watched/junit.xml"));
        assertTrue(junit.contains("failures=\"0\""), junit);
        assertTrue(junit.contains("<skipped message=\"informational variant, not counted: largest |score difference|"),
                junit);
        assertTrue(!cli.stdout.contains("Ship 'onnx-fp16'"), "an informational variant is never shipped");

        Files.writeString(dir.resolve("bad.yaml"), Files.readString(watched).replace(
                "- {name: onnx-fp32, runtime: onnxruntime, artifact: ",
                "- {name: onnx-fp32, informational: true, runtime: onnxruntime, artifact: "));
        assertEquals(2, cli.run("eval", dir.resolve("bad.yaml").toString(), "--out", dir.resolve("bad").toString(),
                "--no-history"));
        assertTrue(cli.stderr.contains("'variants[0].informational' is set on the reference"), cli.stderr);
    }
}
