package dev.parity.app;

import dev.parity.harness.pipeline.DefaultDirs;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.harness.triton.ShippedThreshold;
import dev.parity.harness.triton.TritonExport;
import dev.parity.runners.Device;
import dev.parity.runners.RuntimeKind;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity export-triton SPEC --out DIR}: a variant as a Triton model, with the threshold it ships with. */
@Command(name = "export-triton", mixinStandardHelpOptions = true,
        description = {"Writes a variant into a Triton model repository: <model>/config.pbtxt (platform, "
                + "max_batch_size, inputs and outputs read from the model, dynamic batching, instance group, and "
                + "optionally ONNX Runtime's TensorRT accelerator), <model>/1/model.<ext>, and <model>/README.md "
                + "giving the threshold the variant ships with, taken from an evaluation run.",
                "The config is parsed back against Triton's model configuration schema before anything is written. "
                        + "Other models in the repository are left alone; an earlier export of the same model is "
                        + "replaced as a whole."})
final class ExportTritonCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The eval spec (YAML).")
    Path spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model repository (created if "
            + "missing).")
    Path out;

    @Option(names = "--variant", paramLabel = "NAME", description = "The variant to export. Default: the run's "
            + "recommendation.")
    String variant;

    @Option(names = "--run", paramLabel = "DIR", description = "The 'parity eval' output folder whose summary.json "
            + "gives the threshold. Default: runs/<spec name>.")
    Path run;

    @Option(names = "--threshold", paramLabel = "X", description = "Ship this threshold instead of one from a run.")
    Double threshold;

    @Option(names = "--model-name", paramLabel = "NAME", description = "The model's name on the server. Default: "
            + "the variant's name.")
    String modelName;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "max_batch_size for a model whose first "
            + "dimension is variable (0: no batching). Default: the spec's batch_size.")
    Integer maxBatchSize;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1", description = "Model instances "
            + "(default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--kind", paramLabel = "cpu|gpu", description = "Instance kind. Default: gpu for TensorRT "
            + "engines and CUDA variants, else cpu.")
    String kind;

    @Option(names = "--trt-accelerator", paramLabel = "FP32|FP16", description = "ONNX on GPU: let ONNX Runtime's "
            + "TensorRT execution accelerator run the model at this precision.")
    String trtAccelerator;

    @Option(names = "--queue-delay-us", paramLabel = "US", defaultValue = "100", description = "Dynamic batching's "
            + "max_queue_delay_microseconds (default: ${DEFAULT-VALUE}).")
    long queueDelayUs;

    @Mixin
    CacheOption cache = new CacheOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ResolvedSpec resolved = SpecLoader.load(spec);
        Path runDir = run != null ? run : DefaultDirs.run(resolved.name());
        if (threshold == null && !Files.isDirectory(runDir)) {
            throw new ParityInputException(runDir + ": no evaluation run there to take the threshold from; run "
                    + "'parity eval " + spec + "' first, or give --run DIR or --threshold X");
        }
        String name = variant != null ? variant : ShippedThreshold.recommendedVariant(runDir);
        if (name == null) {
            throw new ParityInputException("--variant is needed: " + runDir + " holds no recommendation");
        }
        ResolvedSpec.Variant v = resolved.requireVariant(name, "--variant");
        ShippedThreshold shipped = threshold == null ? ShippedThreshold.from(runDir, name) : null;
        PrintWriter err = command.commandLine().getErr();
        Path artifact = v.artifact();
        Path sourceOnnx = null;
        if (v.made()) {
            VariantMaker.Result made = VariantMaker.make(resolved.withVariants(resolved.withSources(List.of(name))),
                    cache.dir(), m -> err.println("[parity] " + m));
            if (made.unavailable().containsKey(name)) {
                throw new ParityInputException("variant '" + name + "' cannot be made here: "
                        + made.unavailable().get(name));
            }
            artifact = made.artifact(name);
            if (v.runtime() == RuntimeKind.TENSORRT) sourceOnnx = made.artifact(v.from());
        }
        boolean gpu = kind == null ? v.runtime() == RuntimeKind.TENSORRT || v.device().kind() != Device.Kind.CPU
                : switch (kind.toLowerCase(Locale.ROOT)) {
                    case "gpu" -> true;
                    case "cpu" -> false;
                    default -> throw new ParityInputException("--kind must be cpu or gpu, found '" + kind + "'");
                };
        String precision = trtAccelerator == null ? null : trtAccelerator.toUpperCase(Locale.ROOT);
        if (precision != null && !List.of("FP32", "FP16").contains(precision)) {
            throw new ParityInputException("--trt-accelerator must be FP32 or FP16, found '" + trtAccelerator + "'");
        }
        String model = modelName != null ? modelName : name;
        if (!model.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ParityInputException("--model-name must be letters, digits, '.', '_' or '-' (it names a folder "
                    + "and the model on the server), found '" + model + "'");
        }
        int batch = maxBatchSize != null ? maxBatchSize : resolved.batchSize();
        if (batch < 0 || instances < 1 || queueDelayUs < 0) {
            throw new ParityInputException("--max-batch-size and --queue-delay-us must be >= 0 and --instances >= 1");
        }
        TritonExport.Written w = TritonExport.write(resolved, v, artifact, sourceOnnx, shipped, threshold,
                new TritonExport.Options(model, batch, instances, gpu, precision, queueDelayUs), out);
        PrintWriter o = command.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: variant '%s' as %s (max_batch_size %d, %d %s instance(s)), %s%n",
                w.folder(), name, w.model().platform(), w.model().maxBatchSize(), instances, gpu ? "GPU" : "CPU",
                w.model().labelFile() != null ? "a classifier: the top class, its classes in " + w.model().labelFile()
                        : shipped != null && !shipped.heads().isEmpty() ? "a threshold per head: " + String.join(", ",
                        shipped.heads().entrySet().stream().map(e -> e.getKey() + " >= "
                                + dev.parity.harness.results.Format.threshold(e.getValue())).toList())
                        : "threshold " + dev.parity.harness.results.Format.threshold(w.threshold()));
        o.printf("  config.pbtxt parsed back against Triton's ModelConfig schema: OK%n");
        if (shipped != null && !shipped.failedGates().isEmpty()) {
            err.println("[parity] warning: '" + name + "' failed gates in " + shipped.summary() + ": "
                    + String.join("; ", shipped.failedGates()));
        }
        o.flush();
        return ParityCli.OK;
    }
}
