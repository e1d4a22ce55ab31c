package dev.parity.harness.run;

import dev.parity.convert.GraphPrecision;
import dev.parity.harness.results.ReferenceCheck;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.RuntimeKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the reference's FP32 export among the variants and compares the two. The reference is a PyTorch model
 * (TorchScript) and the export a local ONNX Runtime variant the spec gives as a file (not one Parity made), with the
 * reference's preprocessing, whose graph computes in FP32 (no quantization, no float16), and that ran; the first such
 * in spec order. An ONNX reference has no export to be checked against: a second FP32 ONNX file beside it may be
 * another model altogether.
 */
public final class ReferenceCrossCheck {
    private ReferenceCrossCheck() {
    }

    /** The comparison, or empty when the spec has no FP32 export of the reference or one side did not run. */
    public static Optional<ReferenceCheck> of(ResolvedSpec spec, ScoredRun s) {
        VariantScores reference = s.variant(spec.reference());
        if (reference == null || !reference.ok()) return Optional.empty();
        if (spec.referenceVariant().runtime() != RuntimeKind.TORCHSCRIPT) return Optional.empty();
        for (ResolvedSpec.Variant v : spec.variants()) {
            if (v.name().equals(spec.reference()) || !isFp32Export(v, spec)) continue;
            VariantScores twin = s.variant(v.name());
            if (twin == null || !twin.ok()) continue;
            return Optional.of(compare(v.name(), reference.scores(), twin.scores()));
        }
        return Optional.empty();
    }

    static boolean isFp32Export(ResolvedSpec.Variant v, ResolvedSpec spec) {
        if (v.runtime() != RuntimeKind.ONNXRUNTIME || v.remote() || v.from() != null || v.conversion() != null
                || v.preprocessing() != null || v.informational() || v.artifact() == null) {
            return false;
        }
        try {
            return GraphPrecision.of(v.artifact()) == GraphPrecision.FP32;
        } catch (RuntimeException e) {
            return false; // unreadable here: the run reports it where it opens the model
        }
    }

    static ReferenceCheck compare(String twin, float[] reference, float[] other) {
        double[] diffs = new double[reference.length];
        int n = 0;
        double scale = 0;
        for (int i = 0; i < reference.length; i++) {
            if (!Float.isFinite(reference[i]) || !Float.isFinite(other[i])) continue;
            scale = Math.max(scale, Math.abs(reference[i]));
            diffs[n++] = Math.abs((double) reference[i] - other[i]);
        }
        double[] sorted = Arrays.copyOf(diffs, n);
        Arrays.sort(sorted);
        double max = n == 0 ? 0 : sorted[n - 1];
        double p99 = n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1)];
        return new ReferenceCheck(twin, n, max, p99, ReferenceCheck.RELATIVE_TOLERANCE * Math.max(1, scale));
    }
}
