package dev.parity.runners.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.runners.RuntimeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The self-check fires for the right reason: a runtime that is off on one probe fails it, named. */
class SelfCheckTest {

    /** A runtime that computes every probe exactly but one, where it adds {@code error} to one output. */
    private record Perturbing(String probe, float error) implements ProbeRuntime {
        @Override
        public String version() {
            return "test runtime";
        }

        @Override
        public float[] forward(ProbeNet net) {
            double[] exact = ProbeMath.forward(net).data();
            float[] out = new float[exact.length];
            for (int i = 0; i < out.length; i++) out[i] = (float) exact[i];
            if (net.name().equals(probe)) out[out.length / 2] += error;
            return out;
        }
    }

    @Test
    void onnxRuntimePassesEveryProbeIncludingTheInt8Ones() {
        // ONNX Runtime 1.29 gave bit-identical results on every x86 CPU seen; a failure here means it does not on this one
        SelfCheckReport r = SelfCheck.run(RuntimeKind.ONNXRUNTIME, "test");
        assertTrue(r.passed(), r.summary());
        assertTrue(r.outcomes().stream().anyMatch(o -> o.probe().startsWith("int8 QDQ conv")), "INT8 probes ran");
        assertTrue(r.version().startsWith("onnxruntime "), r.version());
    }

    @Test
    void aRuntimeOffOnOneProbeFailsThatProbeAndOnlyIt() {
        String target = ProbeSet.float32().get(0).name();
        SelfCheckReport r = SelfCheck.run(new Perturbing(target, 0.4f), "test");
        assertFalse(r.passed());
        assertEquals(List.of(target), r.failures().stream().map(ProbeOutcome::probe).toList());
        assertTrue(r.summary().contains("max|diff| 0.4"), r.summary());
    }

    @Test
    void floatRoundingIsNotAFaultButNaNIs() {
        String target = ProbeSet.float32().get(3).name();
        assertTrue(SelfCheck.run(new Perturbing(target, 1e-5f), "test").passed(), "float32-sized error passes");
        SelfCheckReport nan = SelfCheck.run(new Perturbing(target, Float.NaN), "test");
        assertFalse(nan.passed());
        assertTrue(nan.summary().contains("1 NaN/Inf"), nan.summary());
    }

    @Test
    void theExactRuntimePassesEveryFloatProbe() {
        assertTrue(SelfCheck.run(new Perturbing("", 0), "test").passed());
    }
}
