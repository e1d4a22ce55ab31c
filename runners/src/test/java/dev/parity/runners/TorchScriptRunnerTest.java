package dev.parity.runners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.worker.IsolatedRunners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptRunnerTest {

    /**
     * The product's way of running TorchScript (a worker process in the mode libtorch passed its self-check in on
     * this CPU) agrees with ONNX Runtime on the FP32 export of the same network. In this test's own process libtorch
     * may compute wrong (it did on AMD Zen 5), which is why runs never use it there.
     */
    @Test
    void runsOfflineAndMatchesOnnxRuntimeOnTheSameBatch() throws Exception {
        Batch batch = DemoModels.batch(16);
        float[] torch;
        IsolatedRunners runners = new IsolatedRunners(DemoModels.cacheDir(), m -> { });
        try (Runner r = runners.open(new RunnerSettings("pt", RuntimeKind.TORCHSCRIPT, DemoModels.file("model.pt"),
                Device.CPU, 0, DemoModels.CONTRACT))) {
            assertFalse(r.signature().declared(), "TorchScript declares no signature");
            assertTrue(r.runtimeVersion().startsWith("pytorch 2."), r.runtimeVersion());
            assertTrue(r.hostMode().startsWith("worker process"), r.hostMode());
            Outputs out = r.run(batch);
            assertArrayEquals(new long[] {16, 1}, out.shape());
            torch = out.data();
        }
        try (Runner onnx = OnnxRuntimeRunner.open("onnx", DemoModels.file("model.onnx"), Device.CPU, 1,
                DemoModels.CONTRACT)) {
            float[] ort = onnx.run(batch).data();
            for (int i = 0; i < ort.length; i++) assertEquals(torch[i], ort[i], 1e-4, "sample " + i);
        }
    }

    @Test
    void wrongInputShapeFailsOnTheFirstBatchNamingTheShape() throws Exception {
        ModelContract flat = new ModelContract("x", DType.FLOAT32, new long[] {784}, "y", DType.FLOAT32);
        try (Runner r = TorchScriptRunner.open("pt", DemoModels.file("model.pt"), Device.CPU, 0, flat)) {
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> r.run(new Batch(0, 2, new long[] {784}, new float[2 * 784])));
            assertTrue(e.getMessage().contains("[2,784]"), e.getMessage());
        }
    }

    /** Only TorchScript is loaded: a pickled state dict (model.pth) is refused, never unpickled. */
    @Test
    void aPickledStateDictIsRefused() {
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> TorchScriptRunner.open("pt", DemoModels.file("model.pth"), Device.CPU, 0, DemoModels.CONTRACT));
        assertTrue(e.getMessage().contains("model.pth") && e.getMessage().contains("torch.save checkpoint")
                && e.getMessage().contains("never unpickles") && e.getMessage().contains("torch.jit.trace"), e.getMessage());
    }

    @Test
    void notTorchScript(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.pt"), "hello");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> TorchScriptRunner.open("pt", junk, Device.CPU, 0, DemoModels.CONTRACT));
        assertTrue(e.getMessage().contains("junk.pt") && e.getMessage().contains("not a TorchScript file"), e.getMessage());
    }

    @Test
    void aLegacyPickleAndAForeignZipAreToldApart(@TempDir Path dir) throws IOException {
        Path pickle = Files.write(dir.resolve("old.pth"), new byte[] {(byte) 0x80, 2, 'c', 'x'});
        InvalidModelException p = assertThrows(InvalidModelException.class,
                () -> TorchScriptRunner.open("pt", pickle, Device.CPU, 0, DemoModels.CONTRACT));
        assertTrue(p.getMessage().contains("it is a pickle"), p.getMessage());
        Path zip = dir.resolve("other.pt");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            out.write("hi".getBytes());
        }
        InvalidModelException z = assertThrows(InvalidModelException.class,
                () -> TorchScriptRunner.open("pt", zip, Device.CPU, 0, DemoModels.CONTRACT));
        assertTrue(z.getMessage().contains("a zip archive, but not TorchScript"), z.getMessage());
    }

    @Test
    void cudaIsUnavailableWithCpuNatives() {
        assumeFalse(CudaProbe.driverPresent(), "this machine has an NVIDIA driver");
        RunnerUnavailableException e = assertThrows(RunnerUnavailableException.class, () -> TorchScriptRunner.open(
                "pt", DemoModels.file("model.pt"), new Device(Device.Kind.CUDA, 0), 0, DemoModels.CONTRACT));
        assertTrue(e.getMessage().contains("CUDA device"), e.getMessage());
    }
}
