package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.OwnFiles;
import dev.parity.harness.spec.CsvFormat;
import dev.parity.runners.RuntimeKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity init}: a spec that runs as is, guessed from an ONNX model and its data, every guess said. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Writes a commented eval spec from an ONNX model and data: the input and output from the "
                + "graph, the score from the output's size (one logit: none; two: softmax, index 1), preprocessing "
                + "from the data (uint8: divide by 255), FP16 and (with --calibration) INT8 variants, TensorRT with "
                + "--gpu. Prints each guess and why; the spec runs without edits, and says where to look."})
final class InitCommand implements Callable<Integer> {
    /** Runtime names as specs spell them, from the one place that has them. */
    private static final String ONNX = RuntimeKind.ONNXRUNTIME.label();
    private static final String TRT = RuntimeKind.TENSORRT.label();
    private static final String TS = RuntimeKind.TORCHSCRIPT.label();

    @Option(names = "--model", required = true, paramLabel = "M.onnx", description = "The ONNX FP32 model.")
    Path model;

    @Option(names = "--inputs", required = true, paramLabel = "X.npy|X.csv|DIR", description = "The evaluation "
            + "samples: an NPY array, a CSV table or a folder of class folders of images.")
    Path inputs;

    @Option(names = "--labels", paramLabel = "Y.npy|COLUMN", description = "NPY labels, or a CSV's label column "
            + "(default: a column named label, target or y).")
    String labels;

    @Option(names = "--positive-label", paramLabel = "NAME", description = "The positive class: an image folder's "
            + "class folder, or a label value (default: guessed only where it is plain, e.g. 'yes' of 'no' and 'yes').")
    String positiveLabel;

    @Option(names = "--reference", paramLabel = "M.pt", description = "TorchScript of the same model: the reference.")
    Path reference;

    @Option(names = "--calibration", paramLabel = "C.npy", description = "Training-split samples: adds an INT8 variant.")
    Path calibration;

    @Option(names = "--gpu", description = "Add TensorRT FP16 (and INT8 with --calibration) engines on cuda.")
    boolean gpu;

    @Option(names = "--name", paramLabel = "NAME", description = "The spec's name (default: the model file's).")
    String name;

    @Option(names = "--out", required = true, paramLabel = "SPEC.yaml", description = "The spec file to write.")
    Path out;

    @Option(names = "--force", description = "Replace SPEC.yaml when parity init wrote it and it was not edited since "
            + "(a file of yours is never replaced).")
    boolean force;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        for (Path p : Stream.of(model, inputs, reference, calibration).filter(p -> p != null).toList()) {
            if (!Files.exists(p)) throw new ParityInputException(p + ": not found");
        }
        OwnFiles.requireReplaceable(out, "--out", force, "--force");
        boolean csv = CsvColumnGuess.isCsv(inputs);
        String labelColumn = csv ? csvLabel() : null;
        SpecDraft d = SpecDraft.of(model, inputs, csv ? labelColumn : labels);
        Path dir = out.toAbsolutePath().getParent();
        List<String> y = new ArrayList<>();
        y.add("# Parity spec written by parity init from " + model.getFileName() + " and " + inputs.getFileName()
                + ". Lines marked 'guess' are guesses: check them.");
        y.add("name: " + (name != null ? name : stem(model)));
        y.add("dataset:");
        y.add("  inputs: " + rel(dir, inputs));
        boolean hasLabels = true;
        if (csv) {
            if (labelColumn != null) y.add("  label: " + labelColumn);
            else hasLabels = false;
            String id = CsvColumnGuess.id(CsvFormat.header(inputs), null, "--id");
            if (id != null) y.add("  id: " + id + "   # names samples in reports");
        } else if (d.kind.equals("images")) {
            String positive = folderPositive(d);
            y.add("  positive_label: " + positive + (positiveLabel != null ? "" : "   # guess: the class folder that is "
                    + "positive"));
            y.add("  slices: [class]   # per-class figures: which class folders the flips come from");
        } else if (labels != null) {
            y.add("  labels: " + rel(dir, Path.of(labels)));
            if (positiveLabel != null) y.add("  positive_label: " + positiveLabel);
            else if (d.positiveLabel != null) y.add("  positive_label: " + d.positiveLabel + "   # guess");
        } else {
            hasLabels = false;
        }
        if (calibration != null) y.add("  calibration: " + rel(dir, calibration) + "   # training-split samples");
        y.add("  preprocessing:");
        if (d.kind.equals("images")) {
            y.add("    color: " + (d.shape[0] == 1 ? "gray" : "rgb") + "   # guess, from the model's channels");
            y.add("    resize: [" + d.shape[1] + "]   # guess: shorter side, then a center crop to the model's size");
            y.add("    center_crop: [" + d.shape[1] + ", " + d.shape[2] + "]");
        }
        if (d.divideBy != null) y.add("    divide_by: 255   # guess: 8-bit data to [0, 1]");
        if (d.mean != null) {
            y.add("    mean: " + list(d.mean) + "   # guess: the data's own statistics; use your training's");
            y.add("    std: " + list(d.std));
        } else {
            y.add("    # mean: [...]   # your training's normalisation, one per channel (or one)");
            y.add("    # std: [...]");
        }
        if (!d.kind.equals("images")) {
            y.add("    shape: [" + Arrays.stream(d.shape).mapToObj(Long::toString).collect(Collectors.joining(", ")) + "]");
        }
        y.add("model:");
        y.add("  input: " + d.input);
        if (d.inputType != dev.parity.runners.DType.FLOAT32) y.add("  input_dtype: " + d.inputType.label());
        y.add("  output: " + d.output);
        y.add("  score: {index: " + d.scoreIndex + ", transform: " + d.transform + "}   # guess: see parity init's output");
        if (hasLabels) {
            y.add("target_precision: 0.9");
        } else {
            y.add("threshold: " + (d.transform.equals("none") ? "0.0" : "0.5") + "   # no labels given: a fixed "
                    + "operating threshold (set yours)");
            d.guesses.add("no labels: the spec uses a fixed threshold; give labels to fit one to target_precision");
        }
        y.add("batch_size: 64");
        y.add("reference: " + (reference != null ? "pytorch" : "onnx-fp32"));
        y.add("variants:");
        if (reference != null) y.add("  - {name: pytorch, runtime: " + TS + ", artifact: " + rel(dir, reference) + "}");
        y.add("  - {name: onnx-fp32, runtime: " + ONNX + ", artifact: " + rel(dir, model) + "}");
        y.add("  - {name: onnx-fp16, runtime: " + ONNX + ", from: onnx-fp32, convert: {precision: fp16}}");
        if (calibration != null) {
            y.add("  - {name: onnx-int8, runtime: " + ONNX + ", from: onnx-fp32, convert: {precision: int8}}");
        }
        if (gpu) {
            y.add("  - {name: tensorrt-fp16, runtime: " + TRT + ", from: onnx-fp16, convert: {precision: fp16}, "
                    + "device: cuda}");
            if (calibration != null) {
                y.add("  - {name: onnx-int8-trt, runtime: " + ONNX + ", from: onnx-fp32, convert: {precision: int8, "
                        + "target: tensorrt}}");
                y.add("  - {name: tensorrt-int8, runtime: " + TRT + ", from: onnx-int8-trt, convert: {precision: int8}, "
                        + "device: cuda}");
            }
        }
        if (reference == null) d.guesses.add("no --reference: the ONNX FP32 model is the reference");
        OwnFiles.write(out, (String.join("\n", y) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PrintWriter o = command.commandLine().getOut();
        o.println("Wrote " + out + ". What was guessed, and why:");
        for (String g : d.guesses) o.println("  - " + g);
        o.println("Run it: ./parity eval " + out);
        o.flush();
        return 0;
    }

    private String csvLabel() {
        return CsvColumnGuess.label(CsvFormat.header(inputs), labels, "--labels");
    }

    /** Names that say a class folder is the negative one, when there are two. */
    static final java.util.regex.Pattern NEGATIVE = java.util.regex.Pattern.compile(
            "(?i)0|no|neg|negative|false|other|others|background|normal|ok|(not|non|no)[-_ ].*");

    /**
     * The positive class folder: --positive-label (checked); else, of exactly two folders one of which is plainly
     * the negative one (0, no, negative, other, not_x, ...), the other. Anything else is not guessed (before, the last
     * folder in name order was taken, so '9' of ten digit folders, and eval then failed on precision).
     */
    private String folderPositive(SpecDraft d) throws IOException {
        List<String> classes;
        try (Stream<Path> s = Files.list(inputs)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (classes.isEmpty()) throw new ParityInputException("--inputs " + inputs + ": no class folders in it");
        if (positiveLabel != null) {
            if (!classes.contains(positiveLabel)) {
                throw new ParityInputException("--positive-label " + positiveLabel + ": no such class folder in "
                        + inputs + "; its class folders: " + classes);
            }
            return positiveLabel;
        }
        List<String> negative = classes.stream().filter(c -> NEGATIVE.matcher(c).matches()).toList();
        if (classes.size() == 2 && negative.size() == 1) {
            String positive = classes.get(negative.contains(classes.get(0)) ? 1 : 0);
            d.guesses.add("image classes " + classes + ": '" + positive + "' taken as the positive one, since '"
                    + negative.get(0) + "' reads as the negative one; --positive-label NAME (or dataset.positive_label)"
                    + " says otherwise");
            return positive;
        }
        throw new ParityInputException("--inputs " + inputs + ": " + classes.size() + " class folders " + classes
                + "; which is the positive class? give --positive-label NAME (every other folder is negative)");
    }

    private static String list(double[] v) {
        return "[" + Arrays.stream(v).mapToObj(x -> String.format(java.util.Locale.ROOT, "%.6g", x))
                .collect(Collectors.joining(", ")) + "]";
    }

    private static String rel(Path dir, Path p) {
        return dir.relativize(p.toAbsolutePath().normalize()).toString();
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
