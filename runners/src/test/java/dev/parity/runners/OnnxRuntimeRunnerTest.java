package dev.parity.runners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeRunnerTest {
    private static String mismatch(ModelContract c) {
        return assertThrows(InvalidModelException.class,
                () -> OnnxRuntimeRunner.open("v", DemoModels.file("model.onnx"), Device.CPU, 1, c)).getMessage();
    }

    @Test
    void readsSignatureAndRunsABatch() throws Exception {
        try (Runner r = OnnxRuntimeRunner.open("onnx", DemoModels.file("model.onnx"), Device.CPU, 1,
                DemoModels.CONTRACT)) {
            assertEquals("image float32[?,1,28,28]", r.signature().inputs().get(0).describe());
            assertEquals("logit", r.signature().outputs().get(0).name());
            assertTrue(r.runtimeVersion().startsWith("onnxruntime 1."));
            assertEquals("CPUExecutionProvider", r.executionProvider());
            Outputs out = r.run(DemoModels.batch(3));
            assertArrayEquals(new long[] {3, 1}, out.shape());
            assertEquals(3, out.data().length);
            for (float v : out.data()) assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void sameInputSameOutputWhateverTheBatching() throws Exception {
        try (Runner r = OnnxRuntimeRunner.open("onnx", DemoModels.file("model.onnx"), Device.CPU, 1,
                DemoModels.CONTRACT)) {
            Batch four = DemoModels.batch(4);
            float[] whole = r.run(four).data();
            float[] firstTwo = r.run(new Batch(0, 2, four.sampleShape(),
                    java.util.Arrays.copyOf(four.data(), 2 * 784))).data();
            assertEquals(whole[0], firstTwo[0], 1e-5);
            assertEquals(whole[1], firstTwo[1], 1e-5);
        }
    }

    @Test
    void mismatchesNameWhatWasExpectedAndWhatWasFound() {
        String name = mismatch(new ModelContract("pixels", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32));
        assertTrue(name.contains("expects input 'pixels'") && name.contains("image float32[?,1,28,28]"), name);
        String shape = mismatch(new ModelContract("image", DType.FLOAT32, new long[] {3, 28, 28}, "logit", DType.FLOAT32));
        assertTrue(shape.contains("[?,1,28,28]") && shape.contains("[?,3,28,28]"), shape);
        String dtype = mismatch(new ModelContract("image", DType.FLOAT16, new long[] {1, 28, 28}, "logit", DType.FLOAT32));
        assertTrue(dtype.contains("is float32 but the spec declares float16"), dtype);
        String out = mismatch(new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "score", DType.FLOAT32));
        assertTrue(out.contains("expects output 'score'") && out.contains("logit float32"), out);
    }

    @Test
    void missingAndCorruptFiles(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("none.onnx");
        assertTrue(assertThrows(InvalidModelException.class, () -> OnnxRuntimeRunner.open("v", missing, Device.CPU, 1,
                DemoModels.CONTRACT)).getMessage().contains("model file not found"));
        byte[] onnx = Files.readAllBytes(DemoModels.file("model.onnx"));
        Path truncated = Files.write(dir.resolve("half.onnx"), java.util.Arrays.copyOf(onnx, onnx.length / 2));
        String msg = assertThrows(InvalidModelException.class, () -> OnnxRuntimeRunner.open("v", truncated, Device.CPU,
                1, DemoModels.CONTRACT)).getMessage();
        assertTrue(msg.contains("half.onnx") && msg.contains("cannot load"), msg);
    }

    @Test
    void cudaIsUnavailableWithAReasonOnACpuOnlyMachine() {
        assumeFalse(CudaProbe.driverPresent(), "this machine has an NVIDIA driver; GpuRunnerTest covers it");
        RunnerUnavailableException e = assertThrows(RunnerUnavailableException.class, () -> OnnxRuntimeRunner.open(
                "v", DemoModels.file("model.onnx"), new Device(Device.Kind.CUDA, 0), 1, DemoModels.CONTRACT));
        assertTrue(e.getMessage().contains("CUDA execution provider cannot load"), e.getMessage());
    }

    @Test
    void closeTwiceIsHarmless() throws Exception {
        Runner r = OnnxRuntimeRunner.open("v", DemoModels.file("model.onnx"), Device.CPU, 1, DemoModels.CONTRACT);
        r.close();
        r.close();
    }
}
