package dev.parity.app;

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

    /** A model class of the test's own, for a table of three features: the weights make it compute f1 + f2 - f3. */
    static final String TABNET = """
            import torch
            from torch import nn


            class TabNet(nn.Module):
                def __init__(self, features=3):
                    super().__init__()
                    self.linear = nn.Linear(features, 1)

                def forward(self, x):
                    return self.linear(x)


            class Broken(TabNet):
                def forward(self, x):
                    raise RuntimeError("the model's forward failed (test)")
            """;

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** tabnet.py, tab.pth (weights [1, 1, -1], bias 0) and t.csv (id, f1..f3, label = f1 + f2 - f3 > 0). */
    static Path tabularProject(Path root) throws Exception {
        Path project = Files.createDirectories(root);
        Files.writeString(project.resolve("tabnet.py"), TABNET);
        Process p = new ProcessBuilder(python(), "-c", "import sys, torch; sys.path.insert(0, sys.argv[1]); "
                + "from tabnet import TabNet; m = TabNet(); m.linear.weight.data = torch.tensor([[1.0, 1.0, -1.0]]); "
                + "m.linear.bias.data.zero_(); torch.save(m.state_dict(), sys.argv[1] + '/tab.pth')",
                project.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), said);
        java.util.Random r = new java.util.Random(11);
        StringBuilder csv = new StringBuilder("id,f1,f2,f3,label\r\n");
        for (int i = 0; i < 300; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "row-%d,%.5f,%.5f,%.5f,%d\r\n", i, a, b, c,
                    a + b - c > 0 ? 1 : 0));
        }
        Files.writeString(project.resolve("t.csv"), csv);
        return project;
    }

    private static String[] export(Path project, Path out, String modelClass, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("export-torch", "--model-class",
                "tabnet:" + modelClass, "--path", project.toString(), "--weights", project.resolve("tab.pth").toString(),
                "--input-shape", "3", "--out", out.toString(), "--inputs", project.resolve("t.csv").toString()));
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * A new user's path with a model and CSV of the test's own: export-torch from the .pth and a CSV table (before:
     * "Cannot load file containing pickled data", a traceback), then three nightly runs into a fresh history.
     */
    @Test
    void aCsvTableExportsToASpecThatRunsNightly() throws Exception {
        Path project = tabularProject(dir.resolve("tabular"));
        Path out = project.resolve("export");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run(export(project, out, "TabNet")), cli.stdout + cli.stderr);
        String spec = Files.readString(out.resolve("eval.yaml"));
        assertTrue(spec.contains("  inputs: ../t.csv") && spec.contains("  label: label") && spec.contains("  id: id")
                && spec.contains("shape: [3]"), spec);
        assertTrue(cli.stdout.contains("real inputs: ONNX (Parity's ONNX Runtime) agrees with TorchScript"), cli.stdout);
        Path history = project.resolve("runs/history.sqlite");
        for (int night = 1; night <= 3; night++) {
            assertEquals(0, cli.run("eval", out.resolve("eval.yaml").toString(), "--out", project.resolve("runs/nightly")
                    .toString(), "--history", history.toString(), "--baseline", "last-passing", "--cache",
                    project.resolve("cache").toString()), "night " + night + ": " + cli.stdout + cli.stderr);
        }
        assertEquals(0, cli.run("history", "--history", history.toString()), cli.stderr);
        assertTrue(cli.stdout.contains("#3"), cli.stdout);
    }

    /** Before: an existing eval.yaml and model.pt were replaced (exit 0); a failed export left model files. */
    @Test
    void theOutFolderRuleAndNothingLeftBehind() throws Exception {
        Path project = tabularProject(dir.resolve("rules"));
        CliRunner cli = new CliRunner();
        Path theirs = Files.createDirectories(project.resolve("theirs"));
        Files.writeString(theirs.resolve("eval.yaml"), "name: mine\n");
        assertEquals(2, cli.run(export(project, theirs, "TabNet")));
        assertTrue(cli.stderr.contains("'eval.yaml' in it was not written by Parity")
                || cli.stderr.contains("is not a Parity output folder"), cli.stderr);
        assertEquals("name: mine\n", Files.readString(theirs.resolve("eval.yaml")));

        Path out = project.resolve("export");
        assertEquals(0, cli.run(export(project, out, "TabNet")), cli.stdout + cli.stderr);
        assertEquals(0, cli.run(export(project, out, "TabNet")), "its own folder is replaced: " + cli.stdout);

        Path failed = project.resolve("failed");
        assertEquals(2, cli.run(export(project, failed, "TabNet", "--model-args", "{\"hidden\": 4}")));
        assertTrue(cli.stdout.contains("--model-args {\"hidden\": 4}: TabNet does not take them"), cli.stdout);
        assertEquals(2, cli.run(export(project, failed, "Broken")));
        assertTrue(cli.stdout.contains("tracing the model: ") || cli.stdout.contains("torch.jit.trace failed"),
                cli.stdout);
        assertTrue(cli.stdout.contains("the model's forward failed (test)"), cli.stdout);
        assertEquals(2, cli.run(export(project, failed, "TabNet", "--label", "no_such_column")));
        assertTrue(cli.stdout.contains("--label no_such_column: "), cli.stdout);
        for (String said : new String[] {cli.stdout, cli.stderr}) {
            assertTrue(!said.contains("Traceback"), "no Python traceback: " + said);
        }
        assertTrue(!Files.exists(failed), "nothing left behind");
        try (var left = Files.list(project)) {
            assertEquals(java.util.List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("partial")).toList(), "no staging folder left");
        }
    }
}
