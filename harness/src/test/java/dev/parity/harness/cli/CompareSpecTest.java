package dev.parity.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare --print-spec is the spec compare runs: saved and evaluated, it gives compare's summary. */
class CompareSpecTest {
    @TempDir
    Path dir;

    List<String> args() {
        Path demo = TestFiles.demoDir();
        return new ArrayList<>(List.of("compare", "--reference", demo.resolve("model.pt").toString(), "--variant",
                "fp32=" + demo.resolve("model.onnx"), "--inputs", dir.resolve("x.npy").toString(), "--labels",
                dir.resolve("y.npy").toString(), "--shape", "1,28,28", "--divide-by", "255", "--mean", "0.286",
                "--std", "0.353", "--input", "image", "--output", "logit", "--make", "fp16,int8", "--calibration",
                demo.resolve("calib_images.npy").toString(), "--gate", "min_agreement=0.995", "--name", "cmp",
                "--speed-probe-ms", "0"));
    }

    @Test
    void thePrintedSpecRunsToTheSameSummary() throws IOException {
        TestFiles.demoSubset(dir, 1000);
        CliRunner cli = new CliRunner();
        List<String> print = args();
        print.add("--print-spec");
        assertEquals(0, cli.run(print.toArray(String[]::new)), cli.stderr);
        Path spec = Files.writeString(dir.resolve("cmp.yaml"), cli.stdout);
        List<String> run = args();
        run.addAll(List.of("--out", dir.resolve("compare").toString()));
        int compared = cli.run(run.toArray(String[]::new));
        assertTrue(compared == 0 || compared == 1, cli.stderr);
        int evaluated = cli.run("eval", spec.toString(), "--out", dir.resolve("eval").toString(),
                "--speed-probe-ms", "0");
        assertEquals(compared, evaluated, cli.stderr);
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(dir.resolve("compare/summary.json").toFile());
        JsonNode b = json.readTree(dir.resolve("eval/summary.json").toFile());
        for (String part : List.of("reference", "variants", "dataset")) {
            assertEquals(a.get(part), b.get(part), part);
        }
        ObjectNode da = (ObjectNode) a.get("decision").deepCopy(), db = (ObjectNode) b.get("decision").deepCopy();
        assertEquals(da, db, "decision");
        assertTrue(a.at("/spec/command_line").asText().startsWith("parity compare --reference "),
                "compare records its command line: " + a.get("spec"));
        assertTrue(b.at("/spec/command_line").isNull(), "a spec file has none");
        assertTrue(cli.run("compare", "--reference", "x.pt") == 2);
    }

    @Test
    void aTwoLogitModelReadAtIndexZeroGetsTheLikelyCause() throws IOException {
        InitTest init = new InitTest();
        init.dir = dir;
        init.data();
        Path model = InitTest.linear(dir.resolve("two.onnx"), 2, 1);
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("compare", "--reference", model.toString(), "--variant", "same=" + model,
                "--inputs", dir.resolve("x.npy").toString(), "--labels", dir.resolve("y.npy").toString(), "--shape",
                "4", "--input", "features", "--output", "scores", "--target-precision", "0.95", "--out",
                dir.resolve("o").toString()));
        assertTrue(cli.stderr.contains("--target-precision 0.95 cannot be reached")
                || cli.stderr.contains("cannot be reached"), cli.stderr);
        assertTrue(cli.stderr.contains("try --score-index 1 --transform softmax"), cli.stderr);
        assertTrue(cli.stderr.contains("lower --target-precision or give --threshold"), cli.stderr);
    }

    @Test
    void messagesNameTheOptions() throws IOException {
        TestFiles.demoSubset(dir, 200);
        Path demo = TestFiles.demoDir();
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("compare", "--reference", demo.resolve("model.pt").toString(), "--variant",
                "fp32=" + demo.resolve("model.onnx"), "--inputs", dir.resolve("x.npy").toString(), "--labels",
                dir.resolve("y.npy").toString(), "--shape", "1,28,28", "--out", dir.resolve("o").toString()));
        assertTrue(cli.stderr.contains("--input names 'input' but the model's inputs are: image"), cli.stderr);
        assertEquals(2, cli.run("compare", "--reference", demo.resolve("model.pt").toString(), "--variant",
                "fp32=" + demo.resolve("model.onnx"), "--inputs", dir.resolve("x.npy").toString(), "--shape", "1,28,28",
                "--input", "image", "--output", "logit", "--make", "int8", "--out", dir.resolve("o").toString()));
        assertTrue(cli.stderr.contains("--make int8: needs --calibration"), cli.stderr);
    }
}
