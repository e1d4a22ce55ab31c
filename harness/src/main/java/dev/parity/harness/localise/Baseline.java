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

    /** The reference threshold; NaN for a multi-class run, whose decision is the top class. */
    double threshold() {
        return result.threshold();
    }

    /** How decisions are read: at the reference threshold, or the top class. */
    DecisionRule rule() {
        return result.multiClass() ? DecisionRule.topClass(spec.scoreWidth()) : DecisionRule.verdictAt(threshold());
    }

    float[] reference() {
        return result.scores(spec.reference());
    }

    /** The variant's flips (or samples that changed class), as the comparison counted them. */
    long flips() {
        return result.comparisons().get(variantName).flips();
    }

    /** The reference's decisions and the variant's, as {@link #rule()} reads them from the run's scores. */
    int[] referenceDecisions() {
        return rule().decide(reference());
    }

    int[] variantDecisions() {
        return rule().decide(result.scores(variantName));
    }
}
