package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A precision target the reference reaches only by flagging few positives is warned about (before: the demo at
 * target_precision 0.999 kept 13.5% recall and said nothing); the usual target gives no such warning.
 */
class LowRecallTest {
    @TempDir
    Path dir;

    private JsonNode run(String name, String target) throws IOException {
        CliRunner cli = new CliRunner();
        Path spec = TestFiles.subsetSpec(dir, name, "target_precision: " + target, "");
        int code = cli.run("eval", spec.toString(), "--out", dir.resolve(name).toString(), "--cache",
                dir.resolve("cache").toString(), "--no-history", "--speed-probe-ms", "0");
        assertTrue(code == 0 || code == 1, cli.stderr);
        return new ObjectMapper().readTree(dir.resolve(name).resolve("summary.json").toFile());
    }

    @Test
    void aStrictTargetThatLeavesLittleRecallIsWarnedAbout() throws IOException {
        TestFiles.demoSubset(dir, 10000); // the whole demo test set
        JsonNode strict = run("strict", "0.999");
        JsonNode ref = strict.at("/reference/vs_ground_truth");
        long positives = ref.path("tp").asLong() + ref.path("fn").asLong();
        double recall = ref.path("tp").asDouble() / positives;
        assertTrue(recall < 0.25, "the fixture needs a low recall at 0.999: " + recall);
        String warnings = strict.at("/decision/warnings").toString();
        assertTrue(warnings.contains("the reference's threshold finds " + ref.path("tp")
                .asLong() + " of the " + positives + " positives"), warnings);
        assertEquals(-1, run("usual", "0.9").at("/decision/warnings").toString().indexOf("flags few positives"));
    }
}
