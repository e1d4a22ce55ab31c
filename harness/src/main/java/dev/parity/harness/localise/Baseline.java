package dev.parity.harness.localise;

import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.ResolvedSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The run localise and repair start from: the reference, the variant and its sources scored on the whole dataset
 * (checkpoints and made models reused from the cache), the reference threshold and the variant's flips there.
 */
record Baseline(ResolvedSpec spec, EvaluationResult result, String variantName) {

    static Baseline evaluate(ResolvedSpec spec, String variant, Path cacheDir, Consumer<String> progress) {
        ResolvedSpec needed = spec.withVariants(spec.withSources(List.of(spec.reference(), variant)));
        EvaluationResult r = Evaluation.run(needed, cacheDir, true, progress);
        if (!r.scored().variant(variant).ok()) {
            throw new dev.parity.harness.RunFailedException("--variant " + variant + " did not run: "
                    + r.scored().variant(variant).reason());
        }
        return new Baseline(needed, r, variant);
    }

    double threshold() {
        return result.operatingPoint().threshold();
    }

    float[] reference() {
        return result.scores(spec.reference());
    }

    /** The variant's flips at the reference threshold, as the comparison counted them. */
    long flips() {
        return result.comparisons().get(variantName).atReference().flips();
    }

    /** The reference's verdicts and the variant's, at the reference threshold (the comparison's own). */
    boolean[] referenceVerdicts() {
        return result.referenceVerdicts();
    }

    boolean[] variantVerdicts() {
        return result.comparisons().get(variantName).verdicts();
    }
}
