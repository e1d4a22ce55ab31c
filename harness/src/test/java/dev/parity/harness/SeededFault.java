package dev.parity.harness;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.parity.convert.OnnxModels;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fault seeded into one layer of the demo CNN's INT8 model: the output scale of /stage2/conv1/Conv (its ReLU is
 * folded into that quantization) shrunk 20x, so the layer's activations clip. Written as a foreign QDQ variant
 * 'faulty' made from 'onnx-fp32', over the first samples of the demo, with the demo's calibration set.
 */
public final class SeededFault {
    public static final String LAYER = "/stage2/conv1/Conv";
    static final String SCALE = "/stage2/Relu_output_0_scale";

    private SeededFault() {
    }

    /** The spec (onnx-fp32 reference, onnx-int8, faulty) of {@code samples} demo samples, written into {@code dir}. */
    public static Path spec(Path dir, Path cache, int samples) throws IOException {
        Path demo = TestFiles.demoDir();
        TestFiles.demoSubset(dir, samples);
        String common = """
                name: seeded
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  calibration: %s
                  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                target_precision: 0.9
                batch_size: 64
                reference: onnx-fp32
                variants:
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: %s}
                  - {name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {precision: int8}}
                %s""";
        Path int8 = VariantMaker.make(SpecLoader.load(Files.writeString(dir.resolve("made.yaml"),
                common.formatted(demo.resolve("calib_images.npy"), demo.resolve("model.onnx"), ""))), cache, m -> { })
                .artifact("onnx-int8");
        ModelProto m = OnnxModels.read(int8);
        var g = m.getGraph().toBuilder();
        boolean seeded = false;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (!t.getName().equals(SCALE)) continue;
            float scale = t.getRawData().isEmpty() ? t.getFloatData(0)
                    : t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat();
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(scale / 20);
            g.setInitializer(i, t.toBuilder().clearFloatData()
                    .setRawData(com.google.protobuf.ByteString.copyFrom(b.array())).build());
            seeded = true;
        }
        if (!seeded) throw new IllegalStateException("the INT8 model has no " + SCALE);
        Path faulty = dir.resolve("faulty.onnx");
        OnnxModels.write(m.toBuilder().setGraph(g).build(), faulty);
        return Files.writeString(dir.resolve("spec.yaml"), common.formatted(demo.resolve("calib_images.npy"),
                demo.resolve("model.onnx"), "  - {name: faulty, runtime: onnxruntime, from: onnx-fp32, artifact: "
                        + faulty + "}\n"));
    }
}
