package dev.parity.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import dev.parity.convert.Fp16Converter;
import dev.parity.convert.Fp16Settings;
import dev.parity.convert.GraphPrecision;
import dev.parity.convert.OnnxModels;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench table's precision column and FLOP units, for models Parity did not make. */
class BenchLabelsTest {
    @Test
    void preMadeOnnxFilesAreLabelledByTheirGraphs(@TempDir Path dir) throws IOException {
        Path demo = BenchSmokeTest.demoSpec().getParent();
        ModelProto fp32 = OnnxModels.read(demo.resolve("model.onnx"));
        OnnxModels.write(Fp16Converter.convert(fp32, Fp16Settings.defaults(true, List.of(), List.of()), "m").model(),
                dir.resolve("fp16.onnx"));
        // as another tool's dynamic quantization writes it: integer kernels, no QuantizeLinear
        ModelProto int8 = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(GraphProto.newBuilder().setName("g").addNode(NodeProto.newBuilder()
                        .setOpType("MatMulInteger").addInput("a").addInput("b").addOutput("c"))).build();
        OnnxModels.write(int8, dir.resolve("int8.onnx"));
        Files.writeString(dir.resolve("eval.yaml"), """
                name: premade
                dataset:
                  inputs: %1$s/test_images.npy
                  labels: %1$s/test_labels.npy
                  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                target_precision: 0.9
                reference: pytorch
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: %1$s/model.pt}
                  - {name: fp32, runtime: onnxruntime, artifact: %1$s/model.onnx}
                  - {name: theirs-fp16, runtime: onnxruntime, artifact: fp16.onnx}
                  - {name: theirs-int8, runtime: onnxruntime, artifact: int8.onnx}
                  - {name: ours-fp16, runtime: onnxruntime, from: fp32, convert: {precision: fp16}}
                """.formatted(demo));
        ResolvedSpec spec = SpecLoader.load(dir.resolve("eval.yaml"));
        assertEquals(GraphPrecision.FP32, label(spec, "fp32"));
        assertEquals(GraphPrecision.FP16, label(spec, "theirs-fp16"));
        assertEquals(GraphPrecision.INT8, label(spec, "theirs-int8"));
        assertEquals(GraphPrecision.FP32, label(spec, "pytorch"));
        // a made variant not made yet (no file): what the spec asks of it
        assertEquals(GraphPrecision.FP16, BenchRunner.precision(spec, spec.variant("ours-fp16").orElseThrow(), null));
    }

    private static GraphPrecision label(ResolvedSpec spec, String name) {
        ResolvedSpec.Variant v = spec.variant(name).orElseThrow();
        return BenchRunner.precision(spec, v, v.artifact());
    }

    @Test
    void flopsAreShownInAUnitThatKeepsTheirDigits() {
        assertEquals("8.00 kFLOP", BenchTable.flops(8_000));
        assertEquals("35.9 MFLOP", BenchTable.flops(35_905_000));
        assertEquals("120 FLOP", BenchTable.flops(120));
        assertEquals("1.20 GFLOP", BenchTable.flops(1_200_000_000));
        assertEquals("512 kFLOP", BenchTable.flops(512_000));
    }
}
