package dev.parity.harness.results;

import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.Wilson;
import java.util.List;

/**
 * What a variant's gates read (the entries of {@link GateName} measure these): its comparison with the reference,
 * the reference against the labels, its slices, its benchmark figures, and the confidence the spec asks for.
 *
 * @param referenceVsTruth the reference's verdicts against the labels at its threshold; null without labels
 * @param slices           every slice's figures; null when the spec names no dataset.slices
 * @param bench            the benchmark's figures at the spec's batch size; null without one
 * @param confidence       null: gates hold point estimates; else the Wilson lower bound at this confidence
 * @param classReference   a multi-class run's reference figures; null for a binary score
 * @param minClassSize     the fewest samples the reference puts in a class for min_class_agreement to hold it
 */
public record GateInputs(String variant, Comparison comparison, ConfusionMatrix referenceVsTruth,
                         List<SliceResult> slices, int minSliceSize, BenchFigures.Figures bench, int batch,
                         Double confidence, ClassReference classReference, int minClassSize) {

    /** The point estimate, or with a confidence the Wilson lower bound of successes out of n. */
    double bounded(long successes, long n, double point) {
        return confidence == null ? point : Wilson.interval(successes, n, Wilson.z(confidence)).low();
    }

    /** " (Wilson 95% lower bound)" when the gates hold bounds, else "". */
    String boundSaid() {
        return confidence == null ? "" : " (Wilson " + Format.pct(confidence) + " lower bound)";
    }

    String noBenchmark() {
        return "no benchmark at batch " + batch + " (run parity bench or eval --bench)";
    }

    /**
     * The reference's figure against the labels minus the variant's at its shipped threshold (its Wilson bound with a
     * confidence); skipped without labels.
     *
     * @param figure precision or recall of a matrix
     * @param of     the samples the figure is a share of (predicted or actual positives)
     */
    GateName.Measured dropAgainstLabels(String name, java.util.function.ToDoubleFunction<ConfusionMatrix> figure,
                                        java.util.function.ToLongFunction<ConfusionMatrix> of) {
        if (referenceVsTruth == null) {
            return GateName.Measured.skipped("no labels: " + name + " against ground truth cannot be measured");
        }
        ConfusionMatrix after = comparison.afterVsTruth();
        double variant = bounded(after.tp(), of.applyAsLong(after), figure.applyAsDouble(after));
        double drop = figure.applyAsDouble(referenceVsTruth) - variant;
        return GateName.Measured.of(Double.isNaN(drop) ? 0 : drop, name + " drop against the labels at the shipped "
                + "threshold" + boundSaid());
    }

    /** A multi-class variant's accuracy against the labels below the reference's (its Wilson bound with a confidence). */
    GateName.Measured accuracyDrop() {
        var truth = comparison.classes().vsTruth();
        if (truth == null) return GateName.Measured.skipped("no labels: accuracy cannot be measured");
        double variant = bounded(truth.correct(), truth.samples(), truth.accuracy());
        return GateName.Measured.of(classReference.vsTruth().accuracy() - variant, "accuracy drop against the labels"
                + boundSaid());
    }

    /**
     * The class whose samples (as the reference classes them) the variant keeps in it least, among classes of at
     * least minClassSize samples: min_class_agreement names it.
     */
    GateName.Measured worstClass() {
        ClassFigures f = comparison.classes();
        int worst = -1;
        double worstValue = Double.POSITIVE_INFINITY;
        for (int c = 0; c < classReference.classes().count(); c++) {
            long n = f.referenceClassSize(c);
            if (n < minClassSize) continue;
            long kept = f.vsReference().flips()[c][c];
            double value = bounded(kept, n, (double) kept / n);
            if (value < worstValue) {
                worstValue = value;
                worst = c;
            }
        }
        if (worst < 0) {
            return GateName.Measured.skipped("no class holds " + minClassSize + " samples or more "
                    + "(gates.min_class_size)");
        }
        return GateName.Measured.of(worstValue, "agreement on the worst class, " + classReference.classes()
                .name(worst) + " (n=" + f.referenceClassSize(worst) + ")" + boundSaid() + ",");
    }

    /** The worst slice of at least minSliceSize samples, the figure min_slice_agreement holds to its limit. */
    GateName.Measured worstSlice() {
        if (slices == null) return GateName.Measured.skipped("no dataset.slices: nothing to slice by");
        SliceResult worst = null;
        double worstValue = Double.POSITIVE_INFINITY;
        for (SliceResult s : slices) {
            SliceResult.Figures f = s.variants().get(variant);
            if (s.n() < minSliceSize || f == null) continue;
            double value = bounded(s.n() - f.flips(), s.n(), f.agreement());
            if (value < worstValue) {
                worstValue = value;
                worst = s;
            }
        }
        if (worst == null) {
            return GateName.Measured.skipped("no slice has " + minSliceSize + " samples or more "
                    + "(gates.min_slice_size)");
        }
        return GateName.Measured.of(worstValue, "agreement on the worst slice, " + worst.label() + " (n=" + worst.n()
                + ")" + boundSaid() + ",");
    }
}
