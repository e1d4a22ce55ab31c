package dev.parity.convert;

import static dev.parity.convert.TestGraphs.intAttr;
import static dev.parity.convert.TestGraphs.node;
import static dev.parity.convert.TestGraphs.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A model's precision read from its graph, whoever made it. */
class GraphPrecisionTest {
    private static final int F32 = TensorProto.DataType.FLOAT_VALUE;
    private static final int F16 = TensorProto.DataType.FLOAT16_VALUE;

    private static ModelProto oneNode(String op, int inType, int outType, ai.onnx.proto.OnnxMl.AttributeProto... a) {
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(tensor("x", inType, 1, 4)).addOutput(tensor("y", outType, 1, 4))
                .addNode(node(op, "n", new String[] {"x"}, new String[] {"y"}, a));
        return TestGraphs.model(g, 17);
    }

    @Test
    void whatParityMakesIsLabelledForWhatItIs() {
        ModelProto fp32 = OnnxModels.read(TestGraphs.demo("model.onnx"));
        assertEquals(GraphPrecision.FP32, GraphPrecision.of(fp32));
        ModelProto fp16 = Fp16Converter.convert(fp32, Fp16Settings.defaults(true, List.of(), List.of()), "m").model();
        assertEquals(GraphPrecision.FP16, GraphPrecision.of(fp16), "fp16 weights, fp32 edges kept");
        ModelProto int8 = QdqQuantizer.quantize(fp32, new QuantSettings(QuantSettings.Target.ONNXRUNTIME_CPU,
                QuantSettings.Method.MINMAX, 99.99, Set.of(), Set.of()), new DemoCalibration(16), "m").model();
        assertEquals(GraphPrecision.INT8, GraphPrecision.of(int8));
    }

    @Test
    void modelsMadeElsewhereAreReadByTheirNodesAndTypes() {
        assertEquals(GraphPrecision.FP32, GraphPrecision.of(oneNode("Relu", F32, F32)));
        assertEquals(GraphPrecision.FP16, GraphPrecision.of(oneNode("Relu", F16, F16)), "fp16 edges");
        assertEquals(GraphPrecision.FP16, GraphPrecision.of(oneNode("Cast", F32, F16, intAttr("to", F16))));
        assertEquals(GraphPrecision.FP32, GraphPrecision.of(oneNode("Cast", F32, F32,
                intAttr("to", F32))), "a cast to float32 is not half precision");
        // ONNX Runtime's QOperator format and dynamic quantization have no QuantizeLinear nodes
        assertEquals(GraphPrecision.INT8, GraphPrecision.of(oneNode("QLinearMatMul", F32, F32)));
        assertEquals(GraphPrecision.INT8, GraphPrecision.of(oneNode("MatMulInteger", F32, F32)));
        assertEquals(GraphPrecision.INT8, GraphPrecision.of(oneNode("DynamicQuantizeLinear", F32, F32)));
        assertEquals("int8", GraphPrecision.INT8.label());
    }
}
