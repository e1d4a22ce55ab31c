package dev.parity.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parity export-torch on the demo's model class and state dict alone: the TorchScript, ONNX and spec it writes give
 * the shipped demo's reference threshold. Runs where Python has torch (Debian's python3-torch; .ci/run installs it).
 */
class ExportTorchTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void needsTorch() throws Exception {
        boolean torch = false;
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                torch |= p.waitFor() == 0;
            } catch (IOException e) {
                // no such interpreter
            }
        }
        assumeTrue(torch, "no Python with torch here (apt-get install python3-torch): export-torch is not tested");
    }

    @Test
    void theDemosClassAndWeightsExportToTheDemosThreshold() throws IOException {
        Path demo = TestFiles.demoDir();
        TestFiles.demoSubset(dir, 2000);
        Path out = dir.resolve("export");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("export-torch", "--model-class", "make_demo:CoatNet", "--path", demo.toString(),
                "--weights", demo.resolve("model.pth").toString(), "--input-shape", "1,28,28", "--input-name", "image",
                "--output-name", "logit", "--out", out.toString(), "--inputs", dir.resolve("x.npy").toString(),
                "--labels", dir.resolve("y.npy").toString(), "--divide-by", "255", "--mean", "0.2860", "--std",
                "0.3530"), cli.stdout + cli.stderr);
        assertTrue(cli.stdout.contains("real inputs: ONNX (Parity's ONNX Runtime) agrees with TorchScript within"),
                cli.stdout);
        String spec = Files.readString(out.resolve("eval.yaml"));
        assertEquals(0, cli.run("eval", out.resolve("eval.yaml").toString(), "--out", dir.resolve("run").toString(),
                "--cache", dir.resolve("cache").toString()) & ~1, cli.stderr);
        // the same spec with the shipped TorchScript as the reference
        Path shipped = Files.writeString(out.resolve("shipped.yaml"), spec.replace("artifact: model.pt",
                "artifact: " + demo.resolve("model.pt")));
        assertEquals(0, cli.run("eval", shipped.toString(), "--out", dir.resolve("shipped-run").toString(),
                "--cache", dir.resolve("cache").toString()) & ~1, cli.stderr);
        ObjectMapper json = new ObjectMapper();
        double exported = json.readTree(dir.resolve("run/summary.json").toFile()).at("/reference/threshold").asDouble();
        double original = json.readTree(dir.resolve("shipped-run/summary.json").toFile()).at("/reference/threshold")
                .asDouble();
        assertEquals(original, exported, 0, "the exported reference has the shipped one's threshold");
    }

    @Test
    void aTorchScriptFileIsNotAStateDict() {
        Path demo = TestFiles.demoDir();
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("export-torch", "--model-class", "make_demo:CoatNet", "--path", demo.toString(),
                "--weights", demo.resolve("model.pt").toString(), "--input-shape", "1,28,28", "--out",
                dir.resolve("bad").toString()));
        assertTrue(cli.stdout.contains("model.pt: is a TorchScript module, not a state dict"), cli.stdout);
        assertEquals(2, cli.run("export-torch", "--model-class", "make_demo:NoSuchNet", "--path", demo.toString(),
                "--weights", demo.resolve("model.pth").toString(), "--input-shape", "1,28,28", "--out",
                dir.resolve("bad").toString()));
        assertTrue(cli.stdout.contains("make_demo has no NoSuchNet"), cli.stdout);
    }
}
