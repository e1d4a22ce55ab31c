package dev.parity.harness.run;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.parity.convert.ConversionException;
import dev.parity.convert.OnnxModels;
import dev.parity.harness.ParityInputException;
import dev.parity.runners.DType;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.ModelSignature;
import dev.parity.runners.SignatureCheck;
import dev.parity.runners.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model a conversion starts from, checked against the spec before anything is made from it. Converting first
 * hid the spec's own mistakes behind the conversion's: a wrong preprocessing shape surfaced as a calibration-file
 * error or a runtime's rank error, and a TorchScript file given as the source was blamed on the variant being made.
 */
final class SourceModelCheck {
    private SourceModelCheck() {
    }

    /**
     * @param source the variant whose file is converted
     * @param made   the variant being made from it, for the message
     * @throws ParityInputException naming the source variant and its file when the file is not an ONNX model or its
     *                              input or output differs from the spec's
     */
    static void require(String source, Path file, String made, ModelContract contract) {
        String who = "variant '" + source + "' (the source of '" + made + "')";
        ModelProto model;
        try {
            model = OnnxModels.read(file);
        } catch (ConversionException e) {
            throw new ParityInputException(who + ": " + e.getMessage() + "; Parity converts ONNX models"
                    + (file.toString().endsWith(".pt") || file.toString().endsWith(".pth") ? " (a PyTorch file is "
                    + "exported to ONNX first: parity export-torch)" : ""), e);
        }
        try {
            SignatureCheck.require(file.toString(), signature(model), contract);
        } catch (InvalidModelException e) {
            throw new ParityInputException(who + ": " + e.getMessage(), e);
        }
    }

    /** The graph's inputs (weights some exporters also list as inputs left out) and outputs, as declared. */
    static ModelSignature signature(ModelProto model) {
        List<TensorSpec> inputs = new ArrayList<>();
        for (ValueInfoProto v : OnnxModels.fedInputs(model.getGraph())) inputs.add(tensor(v));
        List<TensorSpec> outputs = new ArrayList<>();
        for (ValueInfoProto v : model.getGraph().getOutputList()) outputs.add(tensor(v));
        return new ModelSignature(inputs, outputs, true);
    }

    private static TensorSpec tensor(ValueInfoProto v) {
        long[] shape = OnnxModels.dims(v).stream().mapToLong(Long::longValue).toArray();
        return new TensorSpec(v.getName(), DType.fromOnnx(v.getType().getTensorType().getElemType()), shape);
    }
}
