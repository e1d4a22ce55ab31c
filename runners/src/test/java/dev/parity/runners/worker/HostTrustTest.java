package dev.parity.runners.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.parity.runners.DemoModels;
import dev.parity.runners.Device;
import dev.parity.runners.OnnxRuntimeRunner;
import dev.parity.runners.Runner;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.selfcheck.SelfCheckReport;
import org.junit.jupiter.api.Test;

/**
 * The mode a runtime is trusted in, on whatever CPU this runs on. Where the bundled libtorch's default kernels are
 * wrong (AMD Zen 5), the ladder must land on a mode that passes and the demo must agree with ONNX Runtime in it;
 * elsewhere that test is skipped, saying so. No test assumes which CPU it runs on.
 */
class HostTrustTest {

    @Test
    void libtorchIsRunInTheFirstModeThatPassesAndThenAgreesWithOnnxRuntime() throws Exception {
        HostTrust trust = new HostTrust(DemoModels.cacheDir(), m -> { });
        HostTrust.Verdict v = trust.verdict(RuntimeKind.TORCHSCRIPT, null);
        SelfCheckReport first = v.tried().get(0);
        assumeFalse(first.passed(), "libtorch's default kernels pass the self-check on this CPU ("
                + v.cpu() + "): nothing to fall back from here");
        assertTrue(v.trusted(), v.why());
        assertNotEquals(HostMode.DEFAULT, v.mode());
        assertTrue(v.tried().get(v.tried().size() - 1).passed(), "the chosen mode's own check passed");
        assertTrue(v.why().contains("computes wrong results"), v.why());
        RunnerSettings s = new RunnerSettings("pt", RuntimeKind.TORCHSCRIPT, DemoModels.file("model.pt"), Device.CPU,
                1, DemoModels.CONTRACT);
        float[] torch, ort;
        try (Runner r = WorkerRunner.open(s, v.mode(), true)) {
            torch = r.run(DemoModels.batch(64)).data();
        }
        try (Runner r = OnnxRuntimeRunner.open("ort", DemoModels.file("model.onnx"), Device.CPU, 1,
                DemoModels.CONTRACT)) {
            ort = r.run(DemoModels.batch(64)).data();
        }
        for (int i = 0; i < ort.length; i++) assertEquals(ort[i], torch[i], 1e-4, "sample " + i);
    }

    @Test
    void verdictsAreCachedPerMachineAndAgreeWithAFreshCheck() {
        HostTrust.Verdict first = new HostTrust(DemoModels.cacheDir(), m -> { }).verdict(RuntimeKind.ONNXRUNTIME, null);
        HostTrust.Verdict again = new HostTrust(DemoModels.cacheDir(), m -> { }).verdict(RuntimeKind.ONNXRUNTIME, null);
        assertTrue(again.cached(), "the second decision comes from the cache");
        assertEquals(first.mode(), again.mode());
        assertEquals(first.tried().get(0).passed(), again.tried().get(0).passed());
    }

    @Test
    void aForcedModeIsCheckedAloneAndUsedOnlyIfItPasses() {
        HostTrust.Verdict v = new HostTrust(DemoModels.cacheDir(), m -> { })
                .verdict(RuntimeKind.TORCHSCRIPT, HostMode.onednnCap("sse41"));
        assertEquals(1, v.tried().size(), "no ladder when the spec names the mode");
        assertEquals(v.tried().get(0).passed(), v.trusted(), v.why());
        if (!v.trusted()) assertFalse(v.why().isEmpty());
        else assertEquals("onednn-sse41", v.mode().name());
    }
}
