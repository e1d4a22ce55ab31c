package dev.parity.convert;

import static dev.parity.convert.TestGraphs.intAttr;
import static dev.parity.convert.TestGraphs.intsAttr;
import static dev.parity.convert.TestGraphs.node;
import static dev.parity.convert.TestGraphs.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class Fp16ConverterTest {
    static final int F32 = TensorProto.DataType.FLOAT_VALUE;
    static final int F16 = TensorProto.DataType.FLOAT16_VALUE;

    private static Fp16Converter.Result convert(ModelProto m, boolean keepIo, List<String> ops, List<String> nodes) {
        return Fp16Converter.convert(m, Fp16Settings.defaults(keepIo, ops, nodes), "test.onnx");
    }

    @Test
    void demoModelLoadsAndStaysCloseToFp32() throws Exception {
        ModelProto fp32 = OnnxModels.read(TestGraphs.demo("model.onnx"));
        Fp16Converter.Result r = convert(fp32, true, List.of(), List.of());
        assertEquals(20, r.report().initializersConverted());
        assertEquals(2, r.report().castsInserted(), "one Cast in, one Cast out");
        float[] x = TestGraphs.demoInputs(32);
        long[] shape = {32, 1, 28, 28};
        float[] a = TestGraphs.run(fp32, "image", x, shape);
        float[] b = TestGraphs.run(r.model(), "image", x, shape);
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        assertTrue(max < 0.05, "fp16 logits within 0.05 of fp32, got " + max);
        assertTrue(max > 0, "it really computes in fp16");
        assertEquals(F32, r.model().getGraph().getInput(0).getType().getTensorType().getElemType());
        assertEquals(F32, r.model().getGraph().getOutput(0).getType().getTensorType().getElemType());
    }

    @Test
    void withoutKeepIoTypesTheEdgesAreFp16() {
        ModelProto fp32 = OnnxModels.read(TestGraphs.demo("model.onnx"));
        Fp16Converter.Result r = convert(fp32, false, List.of(), List.of());
        assertEquals(0, r.report().castsInserted());
        assertEquals(F16, r.model().getGraph().getInput(0).getType().getTensorType().getElemType());
        assertEquals(F16, r.model().getGraph().getOutput(0).getType().getTensorType().getElemType());
    }

    /** x -> Cast(float) -> Cast(float) -> ReduceMean -> Mul(2) -> y: casts retargeted, ReduceMean fenced in fp32. */
    private static ModelProto castChainModel() {
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(tensor("x", F32, -1, 4))
                .addOutput(tensor("y", F32, -1, 1))
                .addInitializer(TensorData.floatTensor("two", new long[] {}, new float[] {2f}))
                .addNode(node("Cast", "c1", new String[] {"x"}, new String[] {"a"}, intAttr("to", F32)))
                .addNode(node("Cast", "c2", new String[] {"a"}, new String[] {"b"}, intAttr("to", F32)))
                .addNode(node("ReduceMean", "mean", new String[] {"b"}, new String[] {"m"}, intsAttr("axes", 1)))
                .addNode(node("Mul", "mul", new String[] {"m", "two"}, new String[] {"y"}));
        return TestGraphs.model(g, 17);
    }

    @Test
    void castChainsAndBlockedReductionsStayValidAndExact() throws Exception {
        ModelProto m = castChainModel();
        Fp16Converter.Result r = convert(m, true, List.of(), List.of());
        // 30000 * 4 overflows float16 if summed in float16; ReduceMean is blocked so it is summed in float32
        float[] x = {30000f, 30000f, 30000f, 30000f, 1f, 2f, 3f, 4f};
        float[] y = TestGraphs.run(r.model(), "x", x, new long[] {2, 4});
        assertEquals(60000f, y[0], 32f);
        assertEquals(5f, y[1], 1e-2);
        for (NodeProto n : r.model().getGraph().getNodeList()) {
            if (n.getName().equals("c1") || n.getName().equals("c2")) {
                assertEquals(F16, n.getAttribute(0).getI(), "casts inside the fp16 region retargeted");
            }
        }
        assertEquals(1, r.report().blockedNodes());
    }

    @Test
    void blockingByNodeNameAndUnknownNames() throws Exception {
        ModelProto m = castChainModel();
        Fp16Converter.Result r = convert(m, true, List.of(), List.of("mul"));
        assertEquals(2, r.report().blockedNodes());
        float[] y = TestGraphs.run(r.model(), "x", new float[] {1, 2, 3, 4}, new long[] {1, 4});
        assertEquals(5f, y[0], 1e-2);
        ConversionException e = assertThrows(ConversionException.class,
                () -> convert(m, true, List.of(), List.of("mul", "nope")));
        assertTrue(e.getMessage().contains("[nope]"), e.getMessage());
    }

    @Test
    void keepIoTypesKeepsNodeOrderValidWhenTheOutputFeedsAnotherNode() throws Exception {
        // y is both a graph output and an input of a later node: renaming it must keep the order valid
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(tensor("x", F32, -1, 2))
                .addOutput(tensor("y", F32, -1, 2))
                .addOutput(tensor("z", F32, -1, 2))
                .addNode(node("Relu", "r", new String[] {"x"}, new String[] {"y"}))
                .addNode(node("Neg", "n", new String[] {"y"}, new String[] {"z"}));
        Fp16Converter.Result r = convert(TestGraphs.model(g, 17), true, List.of(), List.of());
        // ONNX Runtime refuses a graph whose nodes are out of order, so loading and running is the check
        float[] y = TestGraphs.run(r.model(), "x", new float[] {1.5f, -2f}, new long[] {1, 2});
        assertEquals(1.5f, y[0]);
        assertEquals(0f, y[1]);
        assertEquals(List.of("y", "z"), r.model().getGraph().getOutputList().stream().map(v -> v.getName()).toList());
    }

    @Test
    void initializersBeyondTheFp16RangeAreClampedAndCounted() {
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(tensor("x", F32, -1, 3))
                .addOutput(tensor("y", F32, -1, 3))
                .addInitializer(TensorData.floatTensor("w", new long[] {3}, new float[] {1e6f, -1e-9f, 0.5f}))
                .addNode(node("Mul", "mul", new String[] {"x", "w"}, new String[] {"y"}));
        Fp16Converter.Result r = convert(TestGraphs.model(g, 17), true, List.of(), List.of());
        assertEquals(1, r.report().clampedToMax());
        assertEquals(1, r.report().clampedToMinSubnormal());
    }

    @Test
    void unsupportedOpsetIsNamed() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensor("x", F32, 1))
                .addOutput(tensor("y", F32, 1)).addNode(node("Relu", "r", new String[] {"x"}, new String[] {"y"}));
        ConversionException e = assertThrows(ConversionException.class,
                () -> convert(TestGraphs.model(g, 5), true, List.of(), List.of()));
        assertTrue(e.getMessage().contains("opset 5 is not handled by the FP16 converter"), e.getMessage());
    }
}
