package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variant the run cannot evaluate: a served one whose server is down fails the run (INCOMPLETE, exit 1) unless the
 * spec says it is not required; a local one is carried past unless the spec says it is required; and the headline
 * counts every variant not evaluated either way. Before, a nightly against a dead staging server said PASSED.
 */
class RequiredVariantTest {
    @TempDir
    Path dir;
    CliRunner cli = new CliRunner();
    String deadUrl;

    @BeforeEach
    void data() throws IOException {
        TestFiles.demoSubset(dir, 200);
        try (ServerSocket s = new ServerSocket(0)) {
            deadUrl = "http://127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
        }
    }

    private JsonNode eval(String name, String variant, int expectedExit) throws IOException {
        Path spec = TestFiles.subsetSpec(dir, name, "", "  - " + variant + "\n");
        Path out = dir.resolve(name);
        assertEquals(expectedExit, cli.run("eval", spec.toString(), "--out", out.toString(), "--cache",
                dir.resolve("cache").toString(), "--no-history"), cli.stdout + cli.stderr);
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    private String served(String extra) {
        return "{name: staging, runtime: kserve-http, server: {url: '" + deadUrl + "', model: coat, timeout_ms: 500, "
                + "retries: 0}" + extra + "}";
    }

    @Test
    void aServedVariantWhoseServerIsDownFailsTheRun() throws IOException {
        JsonNode s = eval("down", served(""), 1);
        assertEquals("incomplete", s.at("/decision/outcome").asText());
        assertEquals("FAIL", RunFiles.gate(s, "staging", "completed"));
        assertTrue(cli.stdout.contains("INCOMPLETE"), cli.stdout);
        assertTrue(cli.stdout.contains("Variants not evaluated: 1 of 2 (staging)."), cli.stdout);
        String junit = Files.readString(dir.resolve("down/junit.xml"));
        assertTrue(junit.contains("required, but could not be evaluated"), junit);
    }

    @Test
    void aServedVariantMarkedNotRequiredIsCarriedPastAndStillCounted() throws IOException {
        JsonNode s = eval("optional", served(", required: false"), 0);
        assertEquals("passed", s.at("/decision/outcome").asText());
        assertTrue(cli.stdout.contains("Variants not evaluated: 1 of 2 (staging)."), cli.stdout);
    }

    @Test
    void aLocalVariantMarkedRequiredThatCannotRunHereFailsTheRun() throws IOException {
        String gpu = "{name: onnx-gpu, runtime: onnxruntime, device: cuda, artifact: '"
                + TestFiles.demoDir().resolve("model.onnx") + "'";
        JsonNode carried = eval("gpu", gpu + "}", 0);
        assertEquals("unavailable", RunFiles.variant(carried, "onnx-gpu").path("status").asText());
        JsonNode s = eval("gpu-required", gpu + ", required: true}", 1);
        assertEquals("incomplete", s.at("/decision/outcome").asText());
        assertEquals("FAIL", RunFiles.gate(s, "onnx-gpu", "completed"));
    }

    @Test
    void requiredAndInformationalTogetherAreRefused() throws IOException {
        Path spec = TestFiles.subsetSpec(dir, "both", "", "  - " + served(", required: true, informational: true")
                + "\n");
        assertEquals(2, cli.run("eval", spec.toString(), "--out", dir.resolve("both").toString(), "--no-history"));
        assertTrue(cli.stderr.contains("'variants[1].required' and 'informational' are both set on 'staging'"),
                cli.stderr);
    }
}
