package dev.parity.harness.cli;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.output.TerminalReport;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.SpeedProbe;
import dev.parity.harness.spec.EvalSpec;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.Runners;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity compare}: the evaluation from command-line flags alone, for ad hoc questions at a terminal. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares a reference model with variant models on NPY data without writing a spec, and "
                + "prints the recommendation and a compact table. Same outputs and exit codes as eval.",
                "Example: parity compare --reference model.pt --variant fp32=model.onnx --inputs x.npy "
                        + "--labels y.npy --shape 1,28,28 --divide-by 255 --input image --output logit"})
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--reference", required = true, paramLabel = "MODEL",
            description = "Reference model: .pt (TorchScript) or .onnx.")
    Path reference;

    @Option(names = "--variant", required = true, paramLabel = "NAME=MODEL",
            description = "A variant model (.onnx, .pt or .plan); repeatable.")
    Map<String, Path> variants = new LinkedHashMap<>();

    @Option(names = "--inputs", required = true, paramLabel = "NPY", description = "Samples, first dimension = sample.")
    Path inputs;

    @Option(names = "--labels", paramLabel = "NPY", description = "Ground-truth labels (0/1). Without them, give "
            + "--threshold.")
    Path labels;

    @Option(names = "--threshold", paramLabel = "T", description = "Fixed operating threshold instead of fitting one.")
    Double threshold;

    @Option(names = "--target-precision", defaultValue = "0.9", paramLabel = "P",
            description = "Precision the reference threshold is fitted to (default ${DEFAULT-VALUE}).")
    double targetPrecision;

    @Option(names = "--shape", required = true, split = ",", paramLabel = "D,D,..",
            description = "Per-sample shape fed to the model, e.g. 1,28,28.")
    List<Long> shape;

    @Option(names = "--divide-by", defaultValue = "1", description = "Preprocessing: raw / divide_by (default 1).")
    double divideBy;

    @Option(names = "--mean", split = ",", description = "Preprocessing mean, 1 or one per channel (default 0).")
    List<Double> mean;

    @Option(names = "--std", split = ",", description = "Preprocessing std, 1 or one per channel (default 1).")
    List<Double> std;

    @Option(names = "--input", defaultValue = "input", description = "Model input name (default ${DEFAULT-VALUE}).")
    String inputName;

    @Option(names = "--output", defaultValue = "output", description = "Model output name (default ${DEFAULT-VALUE}).")
    String outputName;

    @Option(names = "--score-index", defaultValue = "0", description = "Positive-class element (default 0).")
    int scoreIndex;

    @Option(names = "--transform", defaultValue = "none", description = "none, sigmoid or softmax (default none).")
    String transform;

    @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder. Default: runs/compare.")
    Path out;

    @Option(names = "--speed-probe-ms", paramLabel = "MS", description = "Speed probe per candidate for the "
            + "recommendation (default: ${DEFAULT-VALUE}); 0 skips it and ships the candidate closest to the reference.")
    long speedProbeMs = SpeedProbe.DEFAULT_MILLIS;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        List<EvalSpec.VariantSpec> vs = new ArrayList<>();
        vs.add(new EvalSpec.VariantSpec("reference", runtimeOf(reference), reference.toAbsolutePath().toString(),
                null, null, null, null));
        variants.forEach((name, path) -> vs.add(new EvalSpec.VariantSpec(name, runtimeOf(path),
                path.toAbsolutePath().toString(), path.toString().endsWith(".plan") ? "cuda" : null, null, null, null)));
        EvalSpec spec = new EvalSpec("compare", new EvalSpec.DatasetSpec(inputs.toAbsolutePath().toString(),
                labels == null ? null : labels.toAbsolutePath().toString(), null,
                new EvalSpec.PreprocessingSpec(divideBy, mean, std, shape), null),
                new EvalSpec.ModelSpec(inputName, null, outputName, new EvalSpec.ScoreSpec(scoreIndex, transform)),
                targetPrecision, threshold, batchSize, null, null, "reference", vs, null, null);
        ResolvedSpec resolved = SpecLoader.fromFlags(spec);
        PrintWriter err = command.commandLine().getErr();
        Path outDir = out != null ? out : Path.of("runs", "compare");
        RunFolders.requireOurs(outDir, "--out");
        EvaluationResult result = Evaluation.run(resolved, CacheDir.defaultDir(), m -> { });
        RunSummary summary = RunReport.write(result, null, null, outDir, new SpeedProbe(result, speedProbeMs,
                Runners::open, m -> err.println("[parity] " + m))).summary();
        PrintWriter o = command.commandLine().getOut();
        o.print(TerminalReport.render(summary, outDir.toAbsolutePath().normalize()));
        o.flush();
        err.flush();
        return summary.decision().anyGateFailed() ? ParityCli.GATE_FAILED : ParityCli.OK;
    }

    private static String runtimeOf(Path model) {
        String n = model.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".onnx")) return RuntimeKind.ONNXRUNTIME.label();
        if (n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".torchscript")) return RuntimeKind.TORCHSCRIPT.label();
        if (n.endsWith(".plan") || n.endsWith(".engine")) return RuntimeKind.TENSORRT.label();
        throw new ParityInputException(model + ": cannot tell the runtime from the extension; expected .onnx, .pt "
                + "(TorchScript) or .plan (TensorRT)");
    }
}
