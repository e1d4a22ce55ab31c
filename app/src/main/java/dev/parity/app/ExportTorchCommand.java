package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.RunFailedException;
import dev.parity.harness.data.NpyFile;
import dev.parity.harness.output.OutputFolder;
import dev.parity.runners.Batch;
import dev.parity.runners.DType;
import dev.parity.runners.Device;
import dev.parity.runners.ModelContract;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.factory.Runners;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code parity export-torch}: runs the Python helper (scripts/export_torch.py; a user's model class is Python) that
 * writes TorchScript, ONNX FP32 and a starter spec, then checks the ONNX model with Parity's own ONNX Runtime
 * against TorchScript's outputs on the helper's random and real inputs, and refuses the export (exit 1, no spec)
 * when they differ by more than the tolerance, saying where.
 */
@Command(name = "export-torch", mixinStandardHelpOptions = true,
        description = {"From a model class and a state dict to TorchScript, ONNX FP32 and a starter spec, checked: "
                + "--model-class package.module:ClassName --weights model.pth --input-shape 1,28,28 --out DIR "
                + "[--path DIR] [--model-args JSON] [--input-name N] [--output-name N] [--opset 17] [--script] [--tolerance T] "
                + "[--inputs X.npy --labels Y.npy | --inputs X.csv [--label COL] [--id COL] [--features A,B,..] "
                + "[--positive-label V]] [--divide-by D --mean M --std S] [--calibration C.npy] [--name N]. "
                + "--out is a new, empty or earlier export-torch folder, written all or nothing. "
                + "Needs python3 with torch (the user's, not Parity's); PARITY_PYTHON names another interpreter."})
final class ExportTorchCommand implements Callable<Integer> {
    static final String SCRIPT = "scripts/export_torch.py";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write model.pt, "
            + "model.onnx and eval.yaml into: new, empty or an earlier export-torch folder.")
    Path out;

    @Option(names = "--input-name", paramLabel = "NAME", defaultValue = "input", description = "The ONNX input's "
            + "name (default ${DEFAULT-VALUE}).")
    String inputName;

    @Option(names = "--output-name", paramLabel = "NAME", defaultValue = "output", description = "The ONNX "
            + "output's name (default ${DEFAULT-VALUE}).")
    String outputName;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-4", description = "Largest |TorchScript - "
            + "ONNX| accepted on the check inputs (default ${DEFAULT-VALUE}); beyond it nothing is written.")
    double tolerance;

    @Unmatched
    List<String> passThrough = new ArrayList<>();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = command.commandLine().getOut();
        // the --out rule of every run folder: a new, empty or earlier export-torch folder, written all or nothing
        // (before, an existing eval.yaml and model.pt were replaced, and a failed export left model files behind)
        try (OutputFolder folder = new OutputFolder(out, "--out")) {
            Path staged = folder.staging();
            String chosen = System.getenv("PARITY_PYTHON");
            Result r = helper(chosen != null ? chosen : "python3", staged);
            // the python3 first on PATH may be a virtualenv without torch while the system's has it (Debian's)
            if (chosen == null && r.code != 0 && r.text.contains("No module named 'torch'")
                    && Files.isExecutable(Path.of("/usr/bin/python3"))) {
                r = helper("/usr/bin/python3", staged);
            }
            o.print(r.text.replace(staged.toString(), folder.target().toString()));
            o.flush();
            if (r.code != 0) {
                if (r.text.contains("No module named 'torch'")) {
                    throw new ParityInputException(r.python + " has no torch: install it (apt-get install "
                            + "python3-torch, or pip install torch) or set PARITY_PYTHON to an interpreter that has it");
                }
                o.println("export-torch: nothing was written to " + folder.target());
                o.flush();
                return r.code == 1 ? 1 : 2;
            }
            int code = check(o, staged);
            if (code != 0) return code;
            ExportedSpec.write(staged);
            requireSpecLoads(staged);
            folder.commit();
            return 0;
        }
    }

    /**
     * The written spec, loaded as eval will load it: a CSV table's columns chosen by the helper's rules must be the
     * ones Parity's own rules give (the helper is a second implementation of them).
     */
    private void requireSpecLoads(Path staged) {
        Path spec = staged.resolve(ExportedSpec.SPEC);
        // without --inputs (or --inputs=X) the spec names placeholder files until the user edits it
        if (passThrough.stream().noneMatch(a -> a.equals("--inputs") || a.startsWith("--inputs="))) return;
        try {
            dev.parity.harness.spec.SpecLoader.load(spec);
        } catch (ParityInputException e) {
            throw new ParityInputException("export-torch wrote a spec that does not load; nothing was written: "
                    + e.getMessage().replace(staged.toString(), out.toAbsolutePath().normalize().toString()), e);
        }
    }

    private record Result(String python, int code, String text) {
    }

    private Result helper(String python, Path staged) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script().toString(), "--out", staged.toString(), "--input-name",
                inputName, "--output-name", outputName, "--tolerance", Double.toString(tolerance)));
        cmd.addAll(passThrough);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ParityInputException(python + ": cannot be run (" + e.getMessage() + "); export-torch needs "
                    + "Python 3 with torch (apt-get install python3-torch), or PARITY_PYTHON naming one");
        }
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Result(python, p.waitFor(), text);
    }

    /** ONNX Runtime (Parity's) on the helper's check inputs against TorchScript's outputs (Python's torch). */
    private int check(PrintWriter o, Path staged) throws IOException {
        Path dir = staged.resolve(".export-check");
        Path model = staged.resolve("model.onnx");
        try {
            for (String tag : List.of("random", "real")) {
                Path inputs = dir.resolve(tag + "_inputs.npy");
                if (!Files.isRegularFile(inputs)) continue;
                try (NpyFile x = NpyFile.open(inputs); NpyFile y = NpyFile.open(dir.resolve(tag + "_outputs.npy"))) {
                    int n = (int) x.rows();
                    long[] sample = Arrays.copyOfRange(x.shape(), 1, x.shape().length);
                    float[] in = new float[(int) (n * x.rowElements())];
                    x.read(0, n, in);
                    float[] expected = new float[(int) (n * y.rowElements())];
                    y.read(0, n, expected);
                    float[] found = run(model, sample, new Batch(0, n, sample, in));
                    if (found.length != expected.length) {
                        return refuse(o, tag + " inputs: ONNX gives " + found.length + " values, TorchScript "
                                + expected.length);
                    }
                    int worst = 0;
                    double max = 0;
                    for (int i = 0; i < found.length; i++) {
                        double d = Math.abs((double) found[i] - expected[i]);
                        if (!(d <= max)) {
                            max = d;
                            worst = i;
                        }
                    }
                    if (!(max <= tolerance)) {
                        int per = expected.length / n;
                        return refuse(o, String.format(Locale.ROOT, "%s inputs: TorchScript and ONNX differ by %.3g at "
                                + "sample %d, output element %d (TorchScript %s, ONNX %s); more than --tolerance %s",
                                tag, max, worst / per, worst % per, expected[worst], found[worst], tolerance));
                    }
                    o.printf(Locale.ROOT, "export-torch: %s inputs: ONNX (Parity's ONNX Runtime) agrees with "
                            + "TorchScript within %.3g on %d sample(s)%n", tag, max, n);
                }
            }
        } finally {
            OutputFolder.deleteTree(dir);
        }
        o.flush();
        return 0;
    }

    private float[] run(Path model, long[] sample, Batch batch) {
        ModelContract c = new ModelContract(inputName, DType.FLOAT32, sample, outputName, DType.FLOAT32);
        try (Runner r = Runners.open(new RunnerSettings("export-check", RuntimeKind.ONNXRUNTIME, model, Device.CPU, 1,
                c))) {
            Outputs out = r.run(batch);
            return out.data();
        } catch (RunnerUnavailableException e) {
            throw new RunFailedException(model + ": ONNX Runtime cannot open it: " + e.getMessage());
        }
    }

    /** The export is not fit to use: nothing is written (the staging folder is deleted). */
    private int refuse(PrintWriter o, String why) {
        o.println("export-torch: error: " + why + "; nothing was written to " + out.toAbsolutePath().normalize());
        o.flush();
        return 1;
    }

    /** The helper next to this Parity: parity.home (set by ./parity), else found above the working folder. */
    static Path script() {
        String home = System.getProperty("parity.home");
        if (home != null && Files.isRegularFile(Path.of(home, SCRIPT))) return Path.of(home, SCRIPT);
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(SCRIPT))) return d.resolve(SCRIPT);
        }
        throw new ParityInputException(SCRIPT + " not found (it ships with Parity; run ./parity from the repository, "
                + "or python3 " + SCRIPT + " directly)");
    }
}
