package dev.parity.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** scripts/gpu-check.sh on a machine without an NVIDIA GPU says so and succeeds, touching nothing. */
class GpuCheckScriptTest {
    @Test
    void withoutAGpuItSaysSoAndExitsZero() throws Exception {
        assumeFalse(Files.exists(Path.of("/proc/driver/nvidia/version")), "this machine has an NVIDIA driver");
        Path script = Path.of("..", "scripts", "gpu-check.sh").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(script), script + " is executable");
        Process p = new ProcessBuilder("bash", script.toString(), "target/gpu-check-test").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("no NVIDIA GPU"), out);
        assertTrue(!Files.exists(Path.of("target/gpu-check-test")), "nothing is written without a GPU");
    }
}
