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
record Baseline(ResolvedSpec spec, EvaluationResult result, double threshold, float[] reference, float[] variant) {

    static Baseline evaluate(ResolvedSpec spec, String variant, Path cacheDir, Consumer<String> progress) {
        ResolvedSpec needed = spec.withVariants(spec.withSources(List.of(spec.reference(), variant)));
        EvaluationResult r = Evaluation.run(needed, cacheDir, true, progress);
        if (!r.scored().variant(variant).ok()) {
            throw new dev.parity.harness.RunFailedException("--variant " + variant + " did not run: "
                    + r.scored().variant(variant).reason());
        }
        return new Baseline(needed, r, r.operatingPoint().threshold(), r.scores(spec.reference()), r.scores(variant));
    }

    long flips() {
        return flipsOf(variant);
    }

    long flipsOf(float[] scores) {
        long n = 0;
        for (int i = 0; i < scores.length; i++) if ((scores[i] >= threshold) != (reference[i] >= threshold)) n++;
        return n;
    }
}
