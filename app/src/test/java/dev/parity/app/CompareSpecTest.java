package dev.parity.app;

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

    /**
     * A CSV table in compare: the label column found as init finds it (before, 'label' was taken as a 14th feature:
     * "--shape is [13] but the data gives [14]"), --id, --features and --positive-label passed to the spec, and the
     * shape taken from the features.
     */
    @Test
    void aCsvTableIsComparedWithItsLabelColumnFound() throws IOException {
        StringBuilder csv = new StringBuilder("id,a,b,outcome,c\n");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 200; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian();
            csv.append("s").append(i).append(',').append(a).append(',').append(b).append(',')
                    .append(a + b > 0 ? "yes" : "no").append(',').append(c).append('\n');
        }
        Path table = Files.writeString(dir.resolve("t.csv"), csv);
        Path model = InitTest.linear(dir.resolve("m.onnx"), 1, 1); // 4 features in; a 3-feature table is refused
        CliRunner cli = new CliRunner();
        String[] base = {"compare", "--reference", model.toString(), "--variant", "same=" + model, "--inputs",
                table.toString(), "--print-spec"};
        assertEquals(0, cli.run(base), cli.stderr);
        assertTrue(cli.stdout.contains("  id: id") && !cli.stdout.contains("label:"), cli.stdout);
        List<String> named = new ArrayList<>(List.of(base));
        named.addAll(List.of("--label", "outcome", "--positive-label", "yes", "--features", "a,b"));
        assertEquals(0, cli.run(named.toArray(String[]::new)), cli.stderr);
        assertTrue(cli.stdout.contains("  label: outcome\n") && cli.stdout.contains("  positive_label: \"yes\"\n")
                && cli.stdout.contains("  features: [a, b]\n"), cli.stdout);
        List<String> wrong = new ArrayList<>(List.of(base));
        wrong.addAll(List.of("--label", "nope"));
        assertEquals(2, cli.run(wrong.toArray(String[]::new)));
        assertTrue(cli.stderr.contains("--label nope: ") && cli.stderr.contains("has no such column; its columns: "
                + "[id, a, b, outcome, c]"), cli.stderr);

        StringBuilder four = new StringBuilder("id,a,b,label,c,d\r\n");
        for (int i = 0; i < 300; i++) {
            double[] v = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            four.append("s").append(i).append(',').append(v[0]).append(',').append(v[1]).append(',')
                    .append(v[0] + v[1] + v[2] + v[3] > 0 ? 1 : 0).append(',').append(v[2]).append(',').append(v[3])
                    .append("\r\n");
        }
        Path labelled = Files.writeString(dir.resolve("l.csv"), four);
        String[] run = {"compare", "--reference", model.toString(), "--variant", "same=" + model, "--inputs",
                labelled.toString(), "--input", "features", "--output", "scores", "--out",
                dir.resolve("cmp").toString(), "--speed-probe-ms", "0"};
        assertEquals(0, cli.run(run), cli.stdout + cli.stderr);
        assertEquals("[4]", new ObjectMapper().readTree(dir.resolve("cmp/summary.json").toFile())
                .at("/dataset/preprocessing/shape").toString(), "a, b, c, d: neither the label nor the id");
        assertTrue(Files.readString(dir.resolve("cmp/scores.csv")).contains("\ns0,"), "ids from the id column");
        List<String> dup = new ArrayList<>(List.of(run));
        dup.addAll(List.of("--features", "a,b,c,a"));
        assertEquals(2, cli.run(dup.toArray(String[]::new)));
        assertTrue(cli.stderr.contains("listed twice"), cli.stderr);
    }
}
