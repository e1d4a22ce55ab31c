package dev.parity.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs only where a GPU is: {@code mvn -Pgpu verify -Dparity.gpu=true}. The CUDA execution provider must
 * give the CPU's scores to within FP32 tolerance on the demo model.
 */
@EnabledIfSystemProperty(named = "parity.gpu", matches = "true")
class GpuRunnerTest {
    @Test
    void cudaMatchesCpu() throws Exception {
        Batch batch = DemoModels.batch(64);
        float[] cpu;
        try (Runner r = OnnxRuntimeRunner.open("cpu", DemoModels.file("model.onnx"), Device.CPU, 0,
                DemoModels.CONTRACT)) {
            cpu = r.run(batch).data();
        }
        try (Runner r = OnnxRuntimeRunner.open("cuda", DemoModels.file("model.onnx"), new Device(Device.Kind.CUDA, 0),
                0, DemoModels.CONTRACT)) {
            float[] gpu = r.run(batch).data();
            for (int i = 0; i < cpu.length; i++) assertEquals(cpu[i], gpu[i], 1e-3, "sample " + i);
        }
    }
}
