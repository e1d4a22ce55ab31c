package dev.parity.app;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.parity.convert.ConversionException;
import dev.parity.convert.OnnxModels;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.NpyFile;
import dev.parity.harness.spec.CsvFormat;
import dev.parity.runners.DType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What parity init guesses from a model and its data: the input and output tensors from the ONNX graph, the score
 * from the output's size, the layout and scaling from the data, labels from the labels file, and the variants
 * worth making. Every guess is kept with the reason for it, printed and written into the spec as a comment.
 */
final class SpecDraft {
    final List<String> guesses = new ArrayList<>();
    String input;
    String output;
    DType inputType;
    long[] modelShape;
    int scoreIndex;
    String transform;
    /** K when the output is taken as a multi-class score (the decision its top class), else 0. */
    int classes;
    String kind;
    long[] shape;
    Double divideBy;
    String positiveLabel;
    double[] mean;
    double[] std;
    /** A table's feature columns, as the spec will read them. */
    List<String> csvFeatures;

    /** @param labels NPY labels or, for a CSV, the label column's name; may be null */
    static SpecDraft of(Path model, Path inputs, String labels) {
        SpecDraft d = new SpecDraft();
        d.readModel(model);
        d.readData(inputs, labels);
        return d;
    }

    private void readModel(Path file) {
        if (!file.toString().endsWith(".onnx")) {
            throw new ParityInputException("--model " + file + ": give the ONNX model (init reads its inputs and "
                    + "outputs from the graph; a TorchScript file declares none); pass the TorchScript as --reference");
        }
        ModelProto m;
        try {
            m = OnnxModels.read(file);
        } catch (ConversionException e) {
            throw new ParityInputException(e.getMessage());
        }
        GraphProto g = m.getGraph();
        List<ValueInfoProto> ins = OnnxModels.fedInputs(g);
        if (ins.size() != 1) {
            throw new ParityInputException("--model " + file + ": has " + ins.size() + " inputs "
                    + ins.stream().map(ValueInfoProto::getName).toList() + "; Parity evaluates models with one input");
        }
        if (g.getOutputCount() < 1) throw new ParityInputException("--model " + file + ": declares no output");
        ValueInfoProto in = ins.get(0), out = g.getOutput(0);
        input = in.getName();
        output = out.getName();
        inputType = DType.fromOnnx(in.getType().getTensorType().getElemType());
        if (inputType != DType.FLOAT32 && inputType != DType.FLOAT16) {
            throw new ParityInputException("--model " + file + ": input '" + input + "' is " + inputType.label()
                    + "; Parity feeds float32 or float16");
        }
        modelShape = sampleShape(in);
        if (g.getOutputCount() > 1) {
            guesses.add("the model has " + g.getOutputCount() + " outputs; the first, '" + output + "', holds the scores "
                    + "(set model.output otherwise)");
        }
        long[] outShape = sampleShape(out);
        long size = 1;
        for (long dim : outShape) size = dim < 0 || size < 0 ? -1 : size * dim;
        if (size == 1) {
            scoreIndex = 0;
            transform = "none";
            guesses.add("output '" + output + "' has one value per sample: taken as the positive-class logit "
                    + "(score index 0, no transform; thresholds are in logit space)");
        } else if (size == 2) {
            scoreIndex = 1;
            transform = "softmax";
            guesses.add("output '" + output + "' has two values per sample: index 1 taken as the positive class, "
                    + "softmax over both (swap to index 0 if class 0 is the positive one)");
        } else if (size > 2) {
            classes = (int) size;
            transform = "softmax";
            guesses.add("output '" + output + "' has " + size + " values per sample: taken as the scores of " + size
                    + " classes, softmax over them, each sample's decision its top class (multi-class); for one "
                    + "positive class instead, set model.score.index and remove classes");
        } else {
            scoreIndex = 1;
            transform = "softmax";
            guesses.add("output '" + output + "' has a variable number of values per sample: index 1 taken as the "
                    + "positive class with softmax; set model.score.index to yours");
        }
    }

    /** A tensor's per-sample dims (after the batch dimension); -1 where the graph leaves one open. */
    private static long[] sampleShape(ValueInfoProto v) {
        List<Long> dims = OnnxModels.dims(v);
        return dims.stream().skip(1).mapToLong(Long::longValue).toArray();
    }

    private void readData(Path inputs, String labels) {
        String name = inputs.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(inputs)) {
            kind = "images";
            if (modelShape.length != 3 || modelShape[0] < 1) {
                throw new ParityInputException("--inputs " + inputs + " is an image folder but the model's input '"
                        + input + "' has per-sample shape " + Arrays.toString(modelShape) + "; images need [C, H, W]");
            }
            shape = modelShape;
            divideBy = 255.0;
            guesses.add("an image folder: decoded " + (shape[0] == 1 ? "gray" : "rgb") + ", resized and center-"
                    + "cropped to " + shape[1] + "x" + shape[2] + ", divided by 255; set mean/std to your training's");
        } else if (name.endsWith(".csv")) {
            kind = "csv";
            CsvFormat.Header h = CsvFormat.header(inputs);
            List<String> numeric = h.columns().stream().filter(c -> h.isNumeric(c) && !c.equals(labels)).toList();
            long want = product(modelShape);
            if (want > 0 && numeric.size() != want) {
                throw new ParityInputException("--inputs " + inputs + ": " + numeric.size() + " numeric column(s) "
                        + numeric + " but the model's input '" + input + "' takes " + want + " values per sample "
                        + Arrays.toString(modelShape) + "; list the features in the spec's dataset.features");
            }
            shape = modelShape.length > 0 && want > 0 ? modelShape : new long[] {numeric.size()};
            csvFeatures = numeric;
            guesses.add("a CSV table: its " + numeric.size() + " numeric columns (besides the label) are the "
                    + "features, in file order; set mean/std if the model expects standardised features");
        } else {
            kind = "npy";
            try (NpyFile x = NpyFile.open(inputs)) {
                long[] s = x.shape();
                long[] sample = Arrays.copyOfRange(s, 1, s.length);
                long want = product(modelShape);
                if (want > 0 && x.rowElements() != want) {
                    throw new ParityInputException("--inputs " + inputs + ": samples of shape " + Arrays.toString(sample)
                            + " (" + x.rowElements() + " values) match no input of the model: '" + input + "' takes "
                            + Arrays.toString(modelShape) + " (" + want + " values)");
                }
                shape = want > 0 ? modelShape : sample;
                if (!Arrays.equals(sample, shape)) {
                    guesses.add("samples of shape " + Arrays.toString(sample) + " are laid out as the model's "
                            + Arrays.toString(shape));
                }
                if (x.dtype().name().toLowerCase(Locale.ROOT).equals("uint8")) {
                    divideBy = 255.0;
                    guesses.add("uint8 inputs: divided by 255, as torchvision's ToTensor does; set mean/std to "
                            + "your training's");
                }
            }
        }
        if (labels != null && kind.equals("npy") && classes == 0) positiveLabel = npyPositive(Path.of(labels));
        if (!kind.equals("images")) statistics(inputs);
    }

    /** Samples whose statistics stand in for the training's when none are given. */
    static final int STATISTICS_SAMPLES = 10_000;

    /**
     * Per channel (per feature for a table): mean and std of the first samples after divide_by, proposed as the
     * normalisation: many models are trained on their data's own statistics, and without one a model trained
     * on normalised inputs gives meaningless scores. Said to be a guess, to be replaced by the training's.
     */
    private void statistics(Path inputs) {
        int channels = (int) (kind.equals("csv") ? product(shape) : shape[0]);
        double[] sum = new double[channels], sq = new double[channels];
        long count = 0;
        try (dev.parity.harness.data.SampleSource src = kind.equals("csv")
                ? dev.parity.harness.data.CsvTable.open(inputs, csvFeatures, Double.MAX_VALUE) : NpyFile.open(inputs)) {
            int n = (int) Math.min(STATISTICS_SAMPLES, src.rows());
            int per = (int) src.rowElements();
            int perChannel = per / channels;
            float[] buf = new float[per * 256];
            for (int first = 0; first < n; first += 256) {
                int k = Math.min(256, n - first);
                src.read(first, k, buf);
                for (int i = 0; i < k * per; i++) {
                    double v = buf[i] / (divideBy == null ? 1 : divideBy);
                    int c = (i % per) / perChannel;
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
            count = (long) n * perChannel;
        }
        mean = new double[channels];
        std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
            std[c] = Math.sqrt(Math.max(0, sq[c] / count - mean[c] * mean[c]));
            if (!(std[c] > 1e-12)) std[c] = 1; // a constant channel: no scaling
        }
        guesses.add("mean and std: the data's own statistics (first " + Math.min(STATISTICS_SAMPLES, count) + " "
                + (kind.equals("csv") ? "rows" : "samples") + ", per " + (kind.equals("csv") ? "feature" : "channel")
                + "); replace them with the training's if it used others");
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) return -1;
            n *= d;
        }
        return n;
    }

    /** 0/1 labels need nothing; class ids are shown, and the largest one is proposed (say so). */
    private String npyPositive(Path labels) {
        try (NpyFile y = NpyFile.open(labels)) {
            ByteBuffer b = y.readRows(0, (int) y.rows(), null);
            TreeSet<Long> values = new TreeSet<>();
            for (int i = 0; i < y.rows() && values.size() <= 1000; i++) values.add((long) y.get(b, i));
            if (values.equals(new TreeSet<>(List.of(0L, 1L))) || values.equals(new TreeSet<>(List.of(0L)))
                    || values.equals(new TreeSet<>(List.of(1L)))) {
                return null;
            }
            guesses.add("labels are class ids " + (values.size() > 12 ? values.size() + " values" : values)
                    + ": positive_label " + values.last() + " proposed; set the class that is positive");
            return Long.toString(values.last());
        }
    }
}
