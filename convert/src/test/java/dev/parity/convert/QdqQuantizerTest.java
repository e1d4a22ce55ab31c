package dev.parity.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QdqQuantizerTest {
    static ModelProto fp32;
    static DemoCalibration calibration;

    @BeforeAll
    static void load() {
        fp32 = OnnxModels.read(TestGraphs.demo("model.onnx"));
        calibration = new DemoCalibration(100);
    }

    private static QdqQuantizer.Result quantize(QuantSettings.Target target, QuantSettings.Method method) {
        return QdqQuantizer.quantize(fp32, new QuantSettings(target, method, 99.99, Set.of(), Set.of()),
                calibration, "model.onnx");
    }

    private static double agreementWithFp32(ModelProto int8) throws Exception {
        float[] x = new float[200 * 784];
        var it = new DemoCalibration(200).batches();
        System.arraycopy(it.next().data(), 0, x, 0, x.length);
        long[] shape = {200, 1, 28, 28};
        float[] a = TestGraphs.run(fp32, "image", x, shape);
        float[] b = TestGraphs.run(int8, "image", x, shape);
        int agree = 0;
        for (int i = 0; i < a.length; i++) if ((a[i] >= 0) == (b[i] >= 0)) agree++;
        return agree / (double) a.length;
    }

    @Test
    void onnxRuntimeFlavourRunsInt8Kernels(@TempDir Path dir) throws Exception {
        QdqQuantizer.Result r = quantize(QuantSettings.Target.ONNXRUNTIME_CPU, QuantSettings.Method.MINMAX);
        assertEquals(1, r.report().excludedNodes().size(), "the single-channel first conv: " + r.report());
        assertEquals(6, r.report().foldedRelus(), "ReLUs after quantized convs and adds");
        Path file = dir.resolve("int8.onnx");
        OnnxModels.write(r.model(), file);
        Map<String, Integer> ops = OptimizedGraph.opCounts(file);
        assertEquals(8, ops.getOrDefault("QLinearConv", 0), "every conv but the first: " + ops);
        assertTrue(ops.getOrDefault("QLinearAdd", 0) == 3, ops.toString());
        assertTrue(ops.getOrDefault("QLinearGlobalAveragePool", 0) == 1, ops.toString());
        assertEquals(1, ops.getOrDefault("QGemm", 0), "the head too: " + ops);
        assertEquals(13, OptimizedGraph.int8Kernels(ops), ops.toString());
        assertTrue(agreementWithFp32(r.model()) >= 0.97);
    }

    @Test
    void tensorRtFlavourMeetsExplicitQuantizationRules() throws Exception {
        QdqQuantizer.Result r = quantize(QuantSettings.Target.TENSORRT, QuantSettings.Method.PERCENTILE);
        assertTrue(r.report().excludedNodes().isEmpty(), r.report().toString());
        assertEquals(0, r.report().foldedRelus(), "TensorRT fuses ReLUs itself");
        Map<String, TensorProto> inits = new HashMap<>();
        r.model().getGraph().getInitializerList().forEach(t -> inits.put(t.getName(), t));
        int perChannel = 0, perTensor = 0;
        for (NodeProto n : r.model().getGraph().getNodeList()) {
            if (!n.getOpType().equals("QuantizeLinear") && !n.getOpType().equals("DequantizeLinear")) continue;
            TensorProto scale = inits.get(n.getInput(1));
            TensorProto zero = inits.get(n.getInput(2));
            assertEquals(TensorProto.DataType.INT8_VALUE, zero.getDataType(), "int8 types: " + n.getName());
            for (byte z : zero.getRawData().toByteArray()) assertEquals(0, z, "symmetric: zero point 0");
            boolean weight = inits.containsKey(n.getInput(0));
            if (weight) {
                assertEquals(TensorProto.DataType.INT8_VALUE, inits.get(n.getInput(0)).getDataType());
                long channels = inits.get(n.getInput(0)).getDims(axisOf(n));
                assertEquals(channels, TensorData.elements(scale), "per-channel weight scales");
                for (byte q : inits.get(n.getInput(0)).getRawData().toByteArray()) assertTrue(q >= -127, "range [-127,127]");
                perChannel++;
            } else {
                assertEquals(1, TensorData.elements(scale), "per-tensor activations: " + n.getName());
                assertEquals(0, scale.getDimsCount(), "scalar activation scale");
                perTensor++;
            }
        }
        assertEquals(10, perChannel, "9 conv weights and the head");
        assertTrue(perTensor > 0);
        assertTrue(agreementWithFp32(r.model()) >= 0.97);
    }

    private static int axisOf(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals("axis")) return (int) a.getI();
        return 1;
    }

    @Test
    void allThreeCalibrationMethodsGiveWorkingModels() throws Exception {
        for (QuantSettings.Method m : QuantSettings.Method.values()) {
            QdqQuantizer.Result r = quantize(QuantSettings.Target.ONNXRUNTIME_CPU, m);
            assertTrue(agreementWithFp32(r.model()) >= 0.95, m.toString());
            assertTrue(r.report().degenerate().isEmpty());
        }
    }

    @Test
    void exclusionsByNameAndOpType() {
        QdqQuantizer.Result r = QdqQuantizer.quantize(fp32, new QuantSettings(QuantSettings.Target.TENSORRT,
                QuantSettings.Method.MINMAX, 99.99, Set.of("Gemm"), Set.of("/stage1/conv1/Conv")), calibration, "m");
        assertEquals(Set.of("/stage1/conv1/Conv", "/head/Gemm"), r.report().excludedNodes().keySet());
        ConversionException e = assertThrows(ConversionException.class, () -> QdqQuantizer.quantize(fp32,
                new QuantSettings(QuantSettings.Target.TENSORRT, QuantSettings.Method.MINMAX, 99.99, Set.of(),
                        Set.of("no_such_node")), calibration, "m"));
        assertTrue(e.getMessage().contains("[no_such_node]"), e.getMessage());
    }

    /** Every quantizable op kept in float (a repair trial can ask for it): a model with nothing quantized, no error. */
    @Test
    void everyNodeExcludedLeavesAFloatModel() throws Exception {
        QdqQuantizer.Result r = QdqQuantizer.quantize(fp32, new QuantSettings(QuantSettings.Target.ONNXRUNTIME_CPU,
                QuantSettings.Method.MINMAX, 99.99, fp32.getGraph().getNodeList().stream()
                .map(ai.onnx.proto.OnnxMl.NodeProto::getOpType).collect(java.util.stream.Collectors.toSet()),
                Set.of()), calibration, "m");
        assertTrue(r.model().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("QuantizeLinear")),
                "nothing quantized");
        assertEquals(1.0, agreementWithFp32(r.model()), 0);
    }

    @Test
    void emptyAndConstantCalibrationSets() {
        CalibrationData empty = new DemoCalibration(10, 0);
        ConversionException e = assertThrows(ConversionException.class, () -> QdqQuantizer.quantize(fp32,
                new QuantSettings(QuantSettings.Target.TENSORRT, QuantSettings.Method.MINMAX, 99.99, Set.of(), Set.of()),
                empty, "m"));
        assertTrue(e.getMessage().contains("calibration set is empty"), e.getMessage());
    }

    @Test
    void quantParamsKnownValues() {
        QuantParams sym = QuantParams.symmetricInt8(12.7);
        assertEquals(0.1f, sym.scale(), 1e-7);
        assertEquals(0, sym.zeroPoint());
        QuantParams relu = QuantParams.asymmetricUint8(0, 25.5);
        assertEquals(0.1f, relu.scale(), 1e-7);
        assertEquals(0, relu.zeroPoint(), "zero point at the bottom: clamps like a ReLU");
        QuantParams mixed = QuantParams.asymmetricUint8(-1, 1.55);
        assertEquals(0.01f, mixed.scale(), 1e-7);
        assertEquals(100, mixed.zeroPoint());
        assertFalse(QuantParams.asymmetricUint8(3, 3).scale() <= 0, "degenerate ranges keep a positive scale");
    }

    @Test
    void weightScalesPerChannel() throws IOException {
        TensorProto w = TensorData.floatTensor("w", new long[] {2, 1, 1, 2}, new float[] {1f, -2.54f, 0.127f, 0f});
        float[] s = QdqQuantizer.perChannelScales(w, 0);
        assertEquals(0.02f, s[0], 1e-7);
        assertEquals(0.001f, s[1], 1e-7);
        assertEquals(List.of(2L, 1L, 1L, 2L), w.getDimsList());
    }
}
