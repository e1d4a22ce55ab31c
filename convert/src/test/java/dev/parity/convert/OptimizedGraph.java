package dev.parity.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The graph ONNX Runtime actually runs on the CPU after its optimisations, to see whether Q/DQ pairs were fused
 * into int8 kernels (QLinearConv, QLinearAdd, QGemm, ...) or left as dequantize-then-float32.
 */
public final class OptimizedGraph {
    /** Ops that compute on int8/uint8 data in ONNX Runtime's CPU provider. */
    public static final Set<String> INT8_KERNELS = Set.of("QLinearConv", "QLinearMatMul", "QGemm", "QLinearAdd",
            "QLinearGlobalAveragePool", "QLinearAveragePool", "QLinearMul", "QLinearConcat", "MatMulInteger",
            "ConvInteger", "QLinearLeakyRelu", "QLinearSigmoid", "QLinearSoftmax");

    private OptimizedGraph() {
    }

    /** Op type counts of the optimized graph, as ONNX Runtime writes it out. */
    public static Map<String, Integer> opCounts(Path model) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("parity-optimized", ".onnx");
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                o.setOptimizedModelFilePath(tmp.toString());
                o.setIntraOpNumThreads(1);
                env.createSession(model.toString(), o).close();
            }
            ModelProto optimized = OnnxModels.read(tmp);
            Map<String, Integer> counts = new TreeMap<>();
            for (NodeProto n : optimized.getGraph().getNodeList()) counts.merge(n.getOpType(), 1, Integer::sum);
            return counts;
        } catch (IOException | OrtException e) {
            throw new ConversionException(model + ": cannot inspect ONNX Runtime's optimized graph: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left in /tmp is harmless
                }
            }
        }
    }

    /** Number of nodes running int8 kernels. */
    public static int int8Kernels(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> INT8_KERNELS.contains(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }
}
