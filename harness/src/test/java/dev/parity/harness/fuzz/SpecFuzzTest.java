package dev.parity.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The YAML spec loader on arbitrary text: a valid spec or a ParityInputException naming what is wrong; nothing
 * else. Seeds in SpecFuzzTestInputs/; {@code JAZZER_FUZZ=1 mvn test -pl harness -Dtest=SpecFuzzTest} fuzzes.
 */
class SpecFuzzTest {
    private static final Path FILE = tempFile();

    private static Path tempFile() {
        try {
            Path dir = Files.createTempDirectory("parity-fuzz-spec");
            dir.toFile().deleteOnExit();
            return dir.resolve("spec.yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void loadsOrRefuses(byte[] data) throws IOException {
        Files.writeString(FILE, new String(data, StandardCharsets.UTF_8));
        try {
            SpecLoader.load(FILE);
        } catch (ParityInputException expected) {
            // a clear refusal is a correct answer
        }
    }
}
