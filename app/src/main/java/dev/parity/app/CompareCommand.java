package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.CsvFormat;
import dev.parity.harness.spec.EvalSpec;
import dev.parity.harness.spec.Gates;
import dev.parity.harness.spec.SpecWriter;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.RuntimeKind;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity compare}: the evaluation from command-line flags alone, for ad hoc questions at a terminal. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares a reference model with variant models on NPY data without writing a spec, and "
                + "prints the recommendation and a compact table. Same outputs, run store record and exit codes as eval.",
                "Example: parity compare --reference model.pt --variant fp32=model.onnx --inputs x.npy "
                        + "--labels y.npy --shape 1,28,28 --divide-by 255 --input image --output logit"})
final class CompareCommand implements Callable<Integer> {
    /** Runtime names as specs spell them, from the one place that has them. */
    private static final String ONNX = RuntimeKind.ONNXRUNTIME.label();


    @Option(names = "--reference", required = true, paramLabel = "MODEL",
            description = "Reference model: .pt (TorchScript) or .onnx.")
    Path reference;

    @Option(names = "--variant", required = true, paramLabel = "NAME=MODEL",
            description = "A variant model (.onnx, .pt or .plan); repeatable.")
    Map<String, Path> variants = new LinkedHashMap<>();

    @Option(names = "--inputs", required = true, paramLabel = "NPY|CSV", description = "Samples: an NPY array (first "
            + "dimension = sample) or a CSV table (one row a sample).")
    Path inputs;

    @Option(names = "--label", paramLabel = "COLUMN", description = "A CSV table's label column (default: a column "
            + "named label, target or y).")
    String labelColumn;

    @Option(names = "--id", paramLabel = "COLUMN", description = "A CSV table's id column, naming samples in the "
            + "reports (default: a column named id).")
    String idColumn;

    @Option(names = "--features", split = ",", paramLabel = "A,B,..", description = "A CSV table's input columns "
            + "(default: every other numeric column).")
    List<String> features;

    @Option(names = "--positive-label", paramLabel = "V", description = "The label value of the positive class "
            + "(default: 1).")
    String positiveLabel;

    @Option(names = "--labels", paramLabel = "NPY", description = "Ground-truth labels of NPY inputs (0/1). Without "
            + "them (or a CSV's label column), give "
            + "--threshold.")
    Path labels;

    @Option(names = "--threshold", paramLabel = "T", description = "Fixed operating threshold instead of fitting one.")
    Double threshold;

    @Option(names = "--target-precision", defaultValue = "0.9", paramLabel = "P",
            description = "Precision the reference threshold is fitted to (default ${DEFAULT-VALUE}).")
    double targetPrecision;

    @Option(names = "--shape", split = ",", paramLabel = "D,D,..",
            description = "Per-sample shape fed to the model, e.g. 1,28,28 (required for NPY; a CSV table's is its "
                    + "number of feature columns).")
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


    @Mixin
    SpeedProbeOption speedProbe = new SpeedProbeOption();

    @Mixin
    ScoresOption scores = new ScoresOption();

    @Option(names = "--calibration", paramLabel = "NPY", description = "Calibration samples for --make int8 "
            + "(from the training split, never the evaluation set).")
    Path calibration;

    @Option(names = "--make", split = ",", paramLabel = "fp16,int8", description = "Variants Parity makes from the "
            + "first ONNX model given (the reference or a --variant): fp16, int8 (needs --calibration).")
    List<String> make = new ArrayList<>();

    @Option(names = "--gate", paramLabel = "KEY=VALUE", description = "A gate limit, as the spec's gates: block "
            + "names it, e.g. --gate min_agreement=0.995; repeatable.")
    Map<String, String> gates = new LinkedHashMap<>();


    @Mixin
    BaselineOption baseline = new BaselineOption();

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Mixin
    RunFolderOption out = new RunFolderOption();


    @Option(names = "--name", paramLabel = "NAME", defaultValue = "compare", description = "The run's name "
            + "(default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--print-spec", description = "Print the equivalent eval spec (YAML) and stop: the ad hoc "
            + "command as a spec for the nightly job.")
    boolean printSpec;

    @Mixin
    CacheOption cache = new CacheOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        String yaml = specYaml();
        PrintWriter o = command.commandLine().getOut();
        if (printSpec) {
            o.print(yaml);
            o.flush();
            return ParityCli.OK;
        }
        PrintWriter err = command.commandLine().getErr();
        RunSession.Settings settings = new RunSession.Settings(out.dir, cache.dir(), baseline.value, baseline.force,
                history.file(), history.records(), speedProbe.millis, null, null, m -> err.println("[parity] " + m),
                err::println, scores.value());
        ResolvedSpec resolved = inOptions(() -> SpecLoader.fromText(
                Path.of("").toAbsolutePath().resolve("(parity compare)"), yaml, commandLine()));
        RunSession.Finished run = inOptions(() -> RunSession.run(resolved, RunSession.scoring(false), settings));
        o.print(run.table());
        o.flush();
        err.flush();
        return run.exitCode();
    }

    /** Runs a step whose errors name spec keys, saying them in this command's options instead. */
    private <T> T inOptions(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ParityInputException e) {
            throw new ParityInputException(CompareMessages.inOptions(e.getMessage(), scoreIndex, transform, models()));
        }
    }

    /** The command as typed, for provenance (and the header of --print-spec). */
    private String commandLine() {
        List<String> args = command.commandLine().getParseResult().originalArgs();
        StringBuilder b = new StringBuilder("parity compare");
        // picocli hands the subcommand the whole command line: skip up to its own name
        int from = args.indexOf("compare") + 1;
        for (String a : args.subList(from, args.size())) b.append(' ').append(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a + "'");
        return b.toString();
    }

    private List<Path> models() {
        List<Path> all = new ArrayList<>(List.of(reference));
        all.addAll(variants.values());
        return all;
    }

    /** The spec these options mean, as YAML: what compare evaluates, and what --print-spec prints. */
    String specYaml() {
        return new SpecWriter().header("The eval spec of: " + commandLine()).write(spec());
    }

    private EvalSpec spec() {
        String label = null, id = null;
        List<String> named = null;
        if (CsvColumnGuess.isCsv(inputs)) {
            // a CSV table's label, id and feature columns, as init chooses them; a label column is never a feature
            if (labels != null) {
                throw new ParityInputException("--labels " + labels + ": a CSV table's labels are one of its columns; "
                        + "name it with --label");
            }
            CsvFormat.Header h = CsvFormat.header(inputs);
            label = CsvColumnGuess.label(h, labelColumn, "--label");
            id = CsvColumnGuess.id(h, idColumn, "--id");
            named = CsvColumnGuess.features(h, features, "--features");
        } else {
            if (labelColumn != null || idColumn != null || features != null) {
                throw new ParityInputException("--label, --id and --features name a CSV table's columns; --inputs "
                        + inputs + " is not a .csv (NPY labels come with --labels)");
            }
            if (shape == null) {
                throw new ParityInputException("--shape: required for NPY inputs (the per-sample shape fed to the "
                        + "model, e.g. 1,28,28)");
            }
        }
        var dataset = new EvalSpec.DatasetSpec(abs(inputs), labels == null ? null : abs(labels), positiveLabel,
                new EvalSpec.PreprocessingSpec(divideBy, mean, std, shape), calibration == null ? null
                : abs(calibration), named, label, id, null, null, null, null);
        var model = new EvalSpec.ModelSpec(inputName, null, outputName, new EvalSpec.ScoreSpec(scoreIndex, transform));
        List<EvalSpec.VariantSpec> all = new ArrayList<>();
        all.add(new EvalSpec.VariantSpec("reference", runtimeOf(reference), abs(reference), null, null, null, null));
        variants.forEach((n, p) -> all.add(new EvalSpec.VariantSpec(n, runtimeOf(p), abs(p),
                p.toString().endsWith(".plan") ? "cuda" : null, null, null, null)));
        all.addAll(made());
        return new EvalSpec(name, dataset, model, threshold != null ? null : targetPrecision, threshold, batchSize,
                null, null, "reference", all, gates.isEmpty() ? null : Gates.parse(gates, "--gate"), null);
    }

    /** The --make variants, made from the first ONNX model given. */
    private List<EvalSpec.VariantSpec> made() {
        if (make.isEmpty()) return List.of();
        String from = runtimeOf(reference).equals(ONNX) ? "reference"
                : variants.entrySet().stream().filter(e -> runtimeOf(e.getValue()).equals(ONNX))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new ParityInputException("--make " + make
                        + ": needs an ONNX model (.onnx) among --reference and --variant to make variants from"));
        List<EvalSpec.VariantSpec> out = new ArrayList<>();
        for (String m : make) {
            switch (m) {
                case "fp16", "int8" -> {
                    if (m.equals("int8") && calibration == null) {
                        throw new ParityInputException("--make int8: needs --calibration (samples from the training "
                                + "split for the activation ranges)");
                    }
                    out.add(new EvalSpec.VariantSpec(from + "-" + m, ONNX, null, null, from, new EvalSpec.ConvertSpec(
                            m, null, null, null, null, null, null, null, null, null, null), null));
                }
                default -> throw new ParityInputException("--make " + m + ": expected fp16 or int8");
            }
        }
        return out;
    }

    private static String abs(Path p) {
        return p.toAbsolutePath().normalize().toString();
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
