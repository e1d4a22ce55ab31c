package dev.parity.app;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import dev.parity.convert.OnnxModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * parity compare has no spec file: messages about spec keys are said in its options ("--input", not
 * "'model.input'"), and a precision target the reference cannot reach, on a model with two outputs per sample
 * read at index 0, points to the likelier cause.
 */
final class CompareMessages {
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("the spec expects input '", "--input names '");
        OPTIONS.put("the spec expects output '", "--output names '");
        OPTIONS.put("'model.input'", "--input");
        OPTIONS.put("'model.output'", "--output");
        OPTIONS.put("'model.score.index'", "--score-index");
        OPTIONS.put("'model.score.transform'", "--transform");
        OPTIONS.put("'dataset.labels'", "--labels");
        OPTIONS.put("'dataset.calibration'", "--calibration");
        OPTIONS.put("'dataset.preprocessing.shape'", "--shape");
        OPTIONS.put("'target_precision'", "--target-precision");
        OPTIONS.put("'threshold'", "--threshold");
        OPTIONS.put("'batch_size'", "--batch-size");
        OPTIONS.put("'gates.", "--gate '");
        OPTIONS.put("lower target_precision or set a fixed threshold", "lower --target-precision or give --threshold");
        OPTIONS.put("dataset.labels", "--labels");
    }

    private CompareMessages() {
    }

    static String inOptions(String message, int scoreIndex, String transform, List<Path> models) {
        String m = message.replaceAll("\\S*\\(parity compare\\)( line \\d+, column \\d+)?: ", "");
        for (Map.Entry<String, String> e : OPTIONS.entrySet()) m = m.replace(e.getKey(), e.getValue());
        // 'dataset.preprocessing.divide_by' is --divide-by: the key's closing quote goes with it
        m = java.util.regex.Pattern.compile("'dataset\\.preprocessing\\.([a-z_]+)'").matcher(m)
                .replaceAll(r -> "--" + r.group(1).replace('_', '-'));
        if (m.contains("cannot be reached") && scoreIndex == 0 && transform.equals("none")
                && models.stream().anyMatch(CompareMessages::twoOutputs)) {
            m += ". The model gives two values per sample and --score-index 0 reads the first; if class 1 is the "
                    + "positive one, try --score-index 1 --transform softmax";
        }
        return m;
    }

    private static boolean twoOutputs(Path model) {
        if (!model.toString().endsWith(".onnx")) return false;
        try {
            List<Long> dims = OnnxModels.dims(OnnxModels.read(model).getGraph().getOutput(0));
            return dims.size() == 2 && dims.get(1) == 2;
        } catch (RuntimeException e) {
            return false; // an unreadable model has its own message elsewhere
        }
    }
}
