package dev.parity.harness.run;

import dev.parity.convert.GraphPrecision;
import dev.parity.harness.results.ReferenceCheck;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.RuntimeKind;
import dev.parity.harness.results.Comparison;
import dev.parity.metrics.ScoreDrift;
import java.util.Map;
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
    public static Optional<ReferenceCheck> of(ResolvedSpec spec, ScoredRun s, Map<String, Comparison> comparisons) {
        VariantScores reference = s.variant(spec.reference());
        if (reference == null || !reference.ok()) return Optional.empty();
        if (spec.referenceVariant().runtime() != RuntimeKind.TORCHSCRIPT) return Optional.empty();
        for (ResolvedSpec.Variant v : spec.variants()) {
            if (v.name().equals(spec.reference()) || !isFp32Export(v)) continue;
            Comparison twin = comparisons.get(v.name());
            if (twin == null) continue; // it did not run
            ScoreDrift d = twin.drift();
            return Optional.of(new ReferenceCheck(v.name(), d.compared(), d.maxAbsolute(), d.p99Absolute(),
                    ReferenceCheck.RELATIVE_TOLERANCE * Math.max(1, largestFinite(reference.scores()))));
        }
        return Optional.empty();
    }

    static boolean isFp32Export(ResolvedSpec.Variant v) {
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

    /** The largest |score| among the finite ones: the scale float32 rounding is relative to. */
    private static double largestFinite(float[] scores) {
        double scale = 0;
        for (float f : scores) if (Float.isFinite(f)) scale = Math.max(scale, Math.abs(f));
        return scale;
    }
}
