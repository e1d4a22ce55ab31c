package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.ResolvedSpec;

/** Command-line values that take precedence over the spec's. */
final class SpecOverrides {
    private SpecOverrides() {
    }

    static ResolvedSpec apply(ResolvedSpec s, Integer batchSize, Integer threads) {
        return apply(s, batchSize, threads, null);
    }

    static ResolvedSpec apply(ResolvedSpec s, Integer batchSize, Integer threads, Integer workers) {
        if (batchSize != null && batchSize < 1) {
            throw new ParityInputException("--batch-size must be >= 1, found " + batchSize);
        }
        if (threads != null && threads < 0) {
            throw new ParityInputException("--threads must be >= 0, found " + threads);
        }
        if (workers != null && workers < 0) {
            throw new ParityInputException("--workers must be >= 0, found " + workers);
        }
        return new ResolvedSpec(s.source(), s.name(), s.inputs(), s.dataset(), s.labels(), s.calibration(), s.positiveLabel(), s.preprocessing(),
                s.contract(), s.scoreIndex(), s.transform(), s.classes(), s.heads(), s.targetPrecision(), s.fixedThreshold(),
                batchSize != null ? batchSize : s.batchSize(), threads != null ? threads : s.threads(),
                workers != null ? workers : s.workers(), s.reference(), s.variants(), s.gates(), s.objective(), s.origin());
    }
}
