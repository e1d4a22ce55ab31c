package dev.parity.runners.selfcheck;

import dev.parity.runners.RuntimeKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the probe networks through one runtime in this process and compares every output with Parity's own double
 * precision result. A runtime reads its environment once (oneDNN its ISA cap before its first primitive), so this
 * checks the mode the process was started in; trying another mode means another process.
 */
public final class SelfCheck {
    private static volatile List<double[]> truth;

    private SelfCheck() {
    }

    /** Whether the self-check has probes for this runtime (served runtimes are checked by their servers' owners). */
    public static boolean covers(RuntimeKind runtime) {
        return runtime == RuntimeKind.TORCHSCRIPT || runtime == RuntimeKind.ONNXRUNTIME;
    }

    /**
     * @param mode how this process was started, for the report (e.g. "default", "onednn-avx2")
     * @throws IllegalArgumentException for a runtime the self-check does not cover
     */
    public static SelfCheckReport run(RuntimeKind runtime, String mode) {
        // ONNX Runtime recurses deeply on the thread that builds a session: a thread of its own with room for it
        SelfCheckReport[] report = {null};
        RuntimeException[] failure = {null};
        Thread t = new Thread(null, () -> {
            try {
                report[0] = runHere(runtime, mode);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "parity-self-check", 64L << 20);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("self-check interrupted", e);
        }
        if (failure[0] != null) throw failure[0];
        return report[0];
    }

    private static SelfCheckReport runHere(RuntimeKind runtime, String mode) {
        return run(switch (runtime) {
            case TORCHSCRIPT -> new TorchProbes();
            case ONNXRUNTIME -> new OnnxProbes();
            default -> throw new IllegalArgumentException("no self-check for runtime " + runtime);
        }, runtime.label(), mode);
    }

    /** The probes through any runtime (tests check the check with runtimes that are wrong on purpose). */
    static SelfCheckReport run(ProbeRuntime rt, String mode) {
        return run(rt, "test", mode);
    }

    private static SelfCheckReport run(ProbeRuntime rt, String label, String mode) {
        long t0 = System.nanoTime();
        List<ProbeNet> probes = ProbeSet.float32();
        List<double[]> expected = truth(probes);
        List<ProbeOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            ProbeNet p = probes.get(i);
            float[] got;
            try {
                got = rt.forward(p);
            } catch (RuntimeException e) {
                outcomes.add(new ProbeOutcome(p.name() + " (failed: " + e.getMessage() + ")",
                        Double.POSITIVE_INFINITY, 0, 0));
                continue;
            }
            outcomes.add(ProbeOutcome.of(p.name(), got, expected.get(i)));
        }
        if (rt instanceof OnnxProbes ort) outcomes.addAll(ort.int8Outcomes());
        return new SelfCheckReport(label, rt.version(), mode, outcomes, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Parity's results for the probe set, computed once per process. */
    private static List<double[]> truth(List<ProbeNet> probes) {
        List<double[]> t = truth;
        if (t == null) {
            t = probes.stream().map(p -> ProbeMath.forward(p).data()).toList();
            truth = t;
        }
        return t;
    }
}
