package dev.parity.harness.triton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import dev.parity.convert.OnnxModels;
import dev.parity.harness.TestFiles;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelConfig;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelInstanceGroup;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.pbtxt rendering, read back with protobuf's text-format parser against Triton's ModelConfig schema. */
class ConfigCheckTest {
    @TempDir
    Path dir;

    private static TritonModel model(String trt, boolean gpu) {
        return new TritonModel("coat", "onnxruntime_onnx", "model.onnx", 64,
                List.of(new TritonModel.Tensor("image", "TYPE_FP32", List.of(1L, 28L, 28L))),
                List.of(new TritonModel.Tensor("logit", "TYPE_FP32", List.of(1L))), 100, 2, gpu, trt);
    }

    @Test
    void renderedConfigParsesToTheIntendedModelConfig() {
        ModelConfig c = ConfigCheck.verify(ConfigPbtxt.render(model("FP16", true)), model("FP16", true));
        assertEquals("coat", c.getName());
        assertEquals(64, c.getMaxBatchSize());
        assertEquals(List.of(1L, 28L, 28L), c.getInput(0).getDimsList());
        assertEquals(100, c.getDynamicBatching().getMaxQueueDelayMicroseconds());
        assertEquals(ModelInstanceGroup.Kind.KIND_GPU, c.getInstanceGroup(0).getKind());
        assertEquals(2, c.getInstanceGroup(0).getCount());
        assertEquals("FP16", c.getOptimization().getExecutionAccelerators().getGpuExecutionAccelerator(0)
                .getParametersMap().get("precision_mode"));
    }

    @Test
    void theParserIsStrictAboutTritonsSchema() {
        String good = ConfigPbtxt.render(model(null, false));
        IllegalStateException misspelt = assertThrows(IllegalStateException.class,
                () -> ConfigCheck.parse(good.replace("max_batch_size", "max_batchsize")));
        assertTrue(misspelt.getMessage().contains("max_batchsize"), misspelt.getMessage());
        IllegalStateException badEnum = assertThrows(IllegalStateException.class,
                () -> ConfigCheck.parse(good.replace("TYPE_FP32", "TYPE_FLOAT32")));
        assertTrue(badEnum.getMessage().contains("TYPE_FLOAT32"), badEnum.getMessage());
        IllegalStateException badKind = assertThrows(IllegalStateException.class,
                () -> ConfigCheck.parse(good.replace("KIND_CPU", "CPU")));
        assertTrue(badKind.getMessage().contains("CPU"), badKind.getMessage());
    }

    /** A classifier's labels file is the first output's label_filename, and is checked as the rest is. */
    @Test
    void aClassifiersLabelFileIsItsOutputsLabelFilename() {
        TritonModel classifier = new TritonModel("fashion", "onnxruntime_onnx", "model.onnx", 64,
                List.of(new TritonModel.Tensor("image", "TYPE_FP32", List.of(1L, 28L, 28L))),
                List.of(new TritonModel.Tensor("logits", "TYPE_FP32", List.of(10L))), 100, 1, false, null,
                "labels.txt");
        String text = ConfigPbtxt.render(classifier);
        assertEquals("labels.txt", ConfigCheck.verify(text, classifier).getOutput(0).getLabelFilename());
        // without the labels file the model's config says something else, and the check names it
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfigCheck.verify(text.replace("    label_filename: \"labels.txt\"\n", ""), classifier));
        assertTrue(e.getMessage().contains("output[0].label_filename: expected labels.txt, found "), e.getMessage());
        // and a binary model's config has none
        assertEquals("", ConfigCheck.verify(ConfigPbtxt.render(model(null, false)), model(null, false))
                .getOutput(0).getLabelFilename());
    }

    @Test
    void aConfigThatParsesButSaysSomethingElseIsRefusedNamingTheField() {
        String other = ConfigPbtxt.render(model(null, false)).replace("dims: [ 1, 28, 28 ]", "dims: [ 28, 28 ]");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfigCheck.verify(other, model(null, false)));
        assertTrue(e.getMessage().contains("input[0].dims: expected [1, 28, 28], found [28, 28]"), e.getMessage());
    }

    @Test
    void namesWithQuotesAreEscapedAndSurviveTheRoundTrip() {
        TritonModel odd = new TritonModel("coat", "onnxruntime_onnx", "model.onnx", 0,
                List.of(new TritonModel.Tensor("in \"x\"\\y", "TYPE_FP32", List.of(4L))),
                List.of(new TritonModel.Tensor("out", "TYPE_FP16", List.of(-1L, 2L))), 100, 1, false, null);
        ModelConfig c = ConfigCheck.verify(ConfigPbtxt.render(odd), odd);
        assertEquals("in \"x\"\\y", c.getInput(0).getName());
        assertTrue(!c.hasDynamicBatching(), "no dynamic batching without max_batch_size");
    }

    @Test
    void onnxIoIsReadFromTheGraphWithAndWithoutABatchDimension() {
        ModelIo batched = ModelIo.fromOnnx(TestFiles.testModel("tiny.onnx"), 32);
        assertEquals(32, batched.maxBatchSize());
        assertEquals(new TritonModel.Tensor("image", "TYPE_FP32", List.of(1L, 28L, 28L)), batched.inputs().get(0));
        assertEquals(new TritonModel.Tensor("logit", "TYPE_FP32", List.of(1L)), batched.outputs().get(0));

        // the same graph with its batch dimension fixed to 1: Triton must not batch it, dims are the full shapes
        ModelProto m = OnnxModels.read(TestFiles.testModel("tiny.onnx"));
        ModelProto.Builder b = m.toBuilder();
        for (var v : List.of(b.getGraphBuilder().getInputBuilder(0), b.getGraphBuilder().getOutputBuilder(0))) {
            v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                    .setDim(0, TensorShapeProto.Dimension.newBuilder().setDimValue(1));
        }
        Path fixed = dir.resolve("fixed.onnx");
        OnnxModels.write(b.build(), fixed);
        ModelIo io = ModelIo.fromOnnx(fixed, 32);
        assertEquals(0, io.maxBatchSize());
        assertEquals(List.of(1L, 1L, 28L, 28L), io.inputs().get(0).dims());
        assertEquals(List.of(1L, 1L), io.outputs().get(0).dims());
    }
}
