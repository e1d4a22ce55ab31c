package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.OwnFiles;
import dev.parity.harness.spec.CsvFormat;
import dev.parity.harness.spec.EvalSpec;
import dev.parity.harness.spec.SpecWriter;
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
        if (positiveLabel != null && d.classes > 0) {
            throw new ParityInputException("--positive-label " + positiveLabel + ": output '" + d.output + "' scores "
                    + d.classes + " classes, so the spec is multi-class (each sample's decision its top class) and "
                    + "has no positive class; its labels are class ids or names");
        }
        Path dir = out.toAbsolutePath().getParent();
        SpecWriter w = new SpecWriter().header("Parity spec written by parity init from " + model.getFileName()
                + " and " + inputs.getFileName() + ". Lines marked 'guess' are guesses: check them.");
        String labelsFile = null, positive = null, id = null;
        List<String> classNames = null;
        List<String> slices = null;
        boolean hasLabels = true;
        if (csv) {
            hasLabels = labelColumn != null;
            id = CsvColumnGuess.id(CsvFormat.header(inputs), null, "--id");
            if (id != null) w.comment("dataset.id", "names samples in reports");
        } else if (d.kind.equals("images") && d.classes > 0) {
            classNames = folderClasses(d);
            slices = List.of(dev.parity.harness.spec.ResolvedSpec.Dataset.CLASS_SLICE);
            w.comment("dataset.slices", "per-class figures: which class folders the changes come from");
        } else if (d.kind.equals("images")) {
            positive = folderPositive(d);
            if (positiveLabel == null) w.comment("dataset.positive_label", "guess: the class folder that is positive");
            slices = List.of(dev.parity.harness.spec.ResolvedSpec.Dataset.CLASS_SLICE);
            w.comment("dataset.slices", "per-class figures: which class folders the flips come from");
        } else if (labels != null) {
            labelsFile = rel(dir, Path.of(labels));
            // a multi-class score's labels are class ids: no positive class
            positive = d.classes > 0 ? null : positiveLabel != null ? positiveLabel : d.positiveLabel;
            if (positive != null && positiveLabel == null) w.comment("dataset.positive_label", "guess");
        } else {
            hasLabels = false;
        }
        if (calibration != null) w.comment("dataset.calibration", "training-split samples");
        boolean images = d.kind.equals("images");
        if (images) {
            w.comment("dataset.preprocessing.color", "guess, from the model's channels");
            w.comment("dataset.preprocessing.resize", "guess: shorter side, then a center crop to the model's size");
        }
        if (d.divideBy != null) w.comment("dataset.preprocessing.divide_by", "guess: 8-bit data to [0, 1]");
        if (d.mean != null) {
            w.comment("dataset.preprocessing.mean", "guess: the data's own statistics; use your training's");
        } else {
            w.comment("dataset.preprocessing", "add mean: [...] and std: [...], your training's normalisation (one "
                    + "per channel, or one)");
        }
        var preprocessing = new EvalSpec.PreprocessingSpec(d.divideBy, sixDigits(d.mean), sixDigits(d.std),
                images ? null : Arrays.stream(d.shape).boxed().toList(), images ? List.of((int) d.shape[1]) : null,
                null, images ? List.of((int) d.shape[1], (int) d.shape[2]) : null,
                images ? (d.shape[0] == 1 ? "gray" : "rgb") : null, null);
        var dataset = new EvalSpec.DatasetSpec(rel(dir, inputs), labelsFile, positive, preprocessing,
                calibration == null ? null : rel(dir, calibration), null, csv ? labelColumn : null, id, null, slices,
                null, null);
        var score = d.classes > 0 ? new EvalSpec.ScoreSpec(null, d.transform, classNames == null ? d.classes : null,
                classNames, null) : new EvalSpec.ScoreSpec(d.scoreIndex, d.transform);
        w.comment("model.score", "guess: see parity init's output");
        var modelSpec = new EvalSpec.ModelSpec(d.input, d.inputType != dev.parity.runners.DType.FLOAT32
                ? d.inputType.label() : null, d.output, score);
        Double threshold = null;
        if (!hasLabels && d.classes == 0) {
            threshold = d.transform.equals("none") ? 0.0 : 0.5;
            w.comment("threshold", "no labels given: a fixed operating threshold (set yours)");
            d.guesses.add("no labels: the spec uses a fixed threshold; give labels to fit one to target_precision");
        }
        if (reference == null) d.guesses.add("no --reference: the ONNX FP32 model is the reference");
        EvalSpec spec = new EvalSpec(name != null ? name : stem(model), dataset, modelSpec, hasLabels ? 0.9 : null,
                threshold, 64, null, null, reference != null ? "pytorch" : "onnx-fp32", variants(dir), null, null);
        OwnFiles.write(out, w.write(spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    /**
     * A multi-class model's class folders as its class names, numbered in sorted order as torchvision's ImageFolder
     * numbers them; they must be as many as the model's classes.
     */
    private List<String> folderClasses(SpecDraft d) throws IOException {
        List<String> classes;
        try (Stream<Path> s = Files.list(inputs)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (classes.size() != d.classes) {
            throw new ParityInputException("--inputs " + inputs + ": " + classes.size() + " class folders " + classes
                    + ", but output '" + d.output + "' scores " + d.classes + " classes; give a folder per class");
        }
        d.guesses.add("image classes " + classes + ": taken as the model's classes 0.." + (d.classes - 1)
                + " in sorted order, as torchvision's ImageFolder numbers them (model.score.class_names)");
        return classes;
    }

    /** The variants worth making from what was given: FP16 always, INT8 with calibration, TensorRT with --gpu. */
    private List<EvalSpec.VariantSpec> variants(Path dir) {
        List<EvalSpec.VariantSpec> v = new ArrayList<>();
        if (reference != null) v.add(new EvalSpec.VariantSpec("pytorch", TS, rel(dir, reference), null, null, null, null));
        v.add(new EvalSpec.VariantSpec("onnx-fp32", ONNX, rel(dir, model), null, null, null, null));
        v.add(new EvalSpec.VariantSpec("onnx-fp16", ONNX, null, null, "onnx-fp32", convert("fp16", null), null));
        if (calibration != null) {
            v.add(new EvalSpec.VariantSpec("onnx-int8", ONNX, null, null, "onnx-fp32", convert("int8", null), null));
        }
        if (gpu) {
            v.add(new EvalSpec.VariantSpec("tensorrt-fp16", TRT, null, "cuda", "onnx-fp16", convert("fp16", null),
                    null));
            if (calibration != null) {
                v.add(new EvalSpec.VariantSpec("onnx-int8-trt", ONNX, null, null, "onnx-fp32",
                        convert("int8", "tensorrt"), null));
                v.add(new EvalSpec.VariantSpec("tensorrt-int8", TRT, null, "cuda", "onnx-int8-trt",
                        convert("int8", null), null));
            }
        }
        return v;
    }

    private static EvalSpec.ConvertSpec convert(String precision, String target) {
        return new EvalSpec.ConvertSpec(precision, null, null, null, target, null, null, null, null, null, null);
    }

    /** Statistics to six significant digits: what a person would write, and plenty for a normalisation. */
    private static List<Double> sixDigits(double[] v) {
        if (v == null) return null;
        return Arrays.stream(v).mapToObj(x -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", x)))
                .toList();
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
