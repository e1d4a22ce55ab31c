package dev.parity.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parity.common.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes ONNX models (protobuf), with errors that name the file and what is wrong. */
public final class OnnxModels {
    private OnnxModels() {
    }

    public static ModelProto read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            ModelProto model = ModelProto.parseFrom(in);
            // Protobuf happily parses many non-ONNX byte strings as a message of unknown fields.
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 || model.getOpsetImportCount() == 0) {
                throw new ConversionException(file + ": not an ONNX model (no graph nodes or no opset import)");
            }
            return model;
        } catch (NoSuchFileException e) {
            throw new ConversionException(file + ": model file not found");
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(file + ": not an ONNX model or truncated (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ConversionException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Writes to a temporary file beside the target and renames it into place: never a half-written model. */
    public static void write(ModelProto model, Path target) {
        try {
            AtomicFiles.write(target, tmp -> {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    model.writeTo(out);
                }
            });
        } catch (IOException e) {
            throw new ConversionException(target + ": cannot write the converted model: " + e.getMessage(), e);
        }
    }

    /**
     * The graph's inputs a caller feeds: its declared inputs without the weights some exporters (opset < 9) also list
     * as inputs, which initializers supply.
     */
    public static java.util.List<ai.onnx.proto.OnnxMl.ValueInfoProto> fedInputs(ai.onnx.proto.OnnxMl.GraphProto g) {
        java.util.Set<String> weights = new java.util.HashSet<>();
        g.getInitializerList().forEach(t -> weights.add(t.getName()));
        return g.getInputList().stream().filter(v -> !weights.contains(v.getName())).toList();
    }

    /** A tensor's dimensions as the graph declares them, -1 where it leaves one open (a name, or no value). */
    public static java.util.List<Long> dims(ai.onnx.proto.OnnxMl.ValueInfoProto v) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (var d : v.getType().getTensorType().getShape().getDimList()) {
            out.add(d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : -1L);
        }
        return out;
    }

    /** The version of the default ("" or "ai.onnx") operator set the model imports. */
    public static long defaultOpset(ModelProto model) {
        for (OperatorSetIdProto op : model.getOpsetImportList()) {
            if (op.getDomain().isEmpty() || op.getDomain().equals("ai.onnx")) {
                return op.getVersion();
            }
        }
        throw new ConversionException("the model imports no default ONNX operator set");
    }

    /** Refuses opsets outside [min, max], naming the converter and the opset found. */
    public static void requireOpset(ModelProto model, String converter, long min, long max, String source) {
        long opset = defaultOpset(model);
        if (opset < min || opset > max) {
            throw new ConversionException(source + ": opset " + opset + " is not handled by the " + converter
                    + " converter (it handles opsets " + min + " to " + max + ")");
        }
    }
}
