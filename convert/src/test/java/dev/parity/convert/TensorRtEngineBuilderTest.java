package dev.parity.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.parity.runners.Batch;
import dev.parity.runners.CudaProbe;
import dev.parity.runners.DType;
import dev.parity.runners.Device;
import dev.parity.runners.ModelContract;
import dev.parity.runners.OnnxRuntimeRunner;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.TensorRtRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class TensorRtEngineBuilderTest {
    static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);

    private static TensorRtEngineBuilder.Settings settings(Path dir, boolean int8) {
        return new TensorRtEngineBuilder.Settings(int8, true, 512, "image", new long[] {1, 28, 28}, 64,
                dir.resolve("timing.cache"));
    }

    @Test
    void withoutADriverTheBuildIsUnavailableNotAnError(@TempDir Path dir) {
        assumeFalse(CudaProbe.driverPresent(), "this machine has an NVIDIA driver");
        RunnerUnavailableException e = assertThrows(RunnerUnavailableException.class, () -> TensorRtEngineBuilder
                .build(TestGraphs.demo("model.onnx"), dir.resolve("m.plan"), settings(dir, false)));
        assertTrue(e.getMessage().contains("NVIDIA driver"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("m.plan")), "nothing half-written");
    }

    /** Runs only on a GPU machine built with -Ptensorrt: mvn -Ptensorrt verify -Dparity.gpu=true */
    @Test
    @EnabledIfSystemProperty(named = "parity.gpu", matches = "true")
    void int8EngineFromTheQdqModelAgreesWithOnnxRuntime(@TempDir Path dir) throws Exception {
        QdqQuantizer.Result q = QdqQuantizer.quantize(OnnxModels.read(TestGraphs.demo("model.onnx")),
                new QuantSettings(QuantSettings.Target.TENSORRT, QuantSettings.Method.PERCENTILE, 99.99, Set.of(),
                        Set.of()), new DemoCalibration(100), "model.onnx");
        Path qdq = dir.resolve("qdq.onnx");
        OnnxModels.write(q.model(), qdq);
        Path plan = dir.resolve("int8.plan");
        TensorRtEngineBuilder.Report r = TensorRtEngineBuilder.build(qdq, plan, settings(dir, true));
        assertTrue(r.planBytes() > 0 && Files.size(plan) == r.planBytes());
        Batch batch = new DemoCalibration(64).batches().next();
        float[] ort;
        try (Runner cpu = OnnxRuntimeRunner.open("ort", qdq, Device.CPU, 1, CONTRACT)) {
            ort = cpu.run(batch).data();
        }
        try (Runner trt = TensorRtRunner.open("trt", plan, new Device(Device.Kind.CUDA, 0), CONTRACT)) {
            float[] gpu = trt.run(batch).data();
            assertEquals(ort.length, gpu.length);
            int agree = 0;
            for (int i = 0; i < gpu.length; i++) if ((gpu[i] >= 0) == (ort[i] >= 0)) agree++;
            assertTrue(agree >= 0.95 * gpu.length, "verdict agreement " + agree + "/" + gpu.length);
        }
        TensorRtEngineBuilder.Report again = TensorRtEngineBuilder.build(qdq, dir.resolve("again.plan"),
                settings(dir, true));
        assertTrue(again.timingCacheReused(), "the second build reads the timing cache");
    }
}
