package dev.parity.harness.output;

import dev.parity.harness.results.ClassFigures;
import dev.parity.harness.results.ClassReference;
import dev.parity.harness.results.Classes;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.metrics.ClassAccuracy;
import dev.parity.metrics.ClassComparison;
import dev.parity.metrics.OperatingPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A multi-class run's figures as summary.json writes them: the classes block, and each variant's. */
final class ClassSummary {
    /** How a multi-class reference decides, where a binary one names its threshold's source. */
    static final String DECISION = "top-1 class: the highest score (ties to the lower class index, as argmax)";

    private ClassSummary() {
    }

    static RunSummary.ClassesInfo classes(EvaluationResult r) {
        ClassReference ref = r.classReference();
        Classes classes = ref.classes();
        ClassAccuracy truth = ref.vsTruth();
        long[] predicted = new long[classes.count()];
        for (int c : ref.top1()) if (c >= 0) predicted[c]++;
        List<RunSummary.ClassInfo> per = new ArrayList<>();
        for (int c = 0; c < classes.count(); c++) {
            OperatingPoint op = ref.thresholds() == null ? null : ref.thresholds().points()[c];
            per.add(new RunSummary.ClassInfo(classes.name(c), truth == null ? null : truth.support(c), predicted[c],
                    truth == null ? null : truth.precision(c), truth == null ? null : truth.recall(c),
                    op == null ? null : op.threshold(), op == null ? null : op.precision(),
                    op == null ? null : op.recall(),
                    ref.thresholds() == null ? "no labels" : ref.thresholds().reasons()[c]));
        }
        return new RunSummary.ClassesInfo(classes.count(), classes.names(), classes.topK(),
                truth == null ? null : truth.accuracy(), per);
    }

    static RunSummary.VariantClasses variant(EvaluationResult r, ClassFigures f) {
        Classes classes = r.classReference().classes();
        ClassComparison vs = f.vsReference();
        int[] reference = r.classReference().top1();
        List<RunSummary.ClassFlip> flips = vs.largestFlips().stream()
                .map(x -> new RunSummary.ClassFlip(name(classes, x.from()), name(classes, x.to()), x.count()))
                .toList();
        List<List<Long>> matrix = Arrays.stream(vs.flips()).map(row -> Arrays.stream(row).boxed().toList()).toList();
        List<RunSummary.ChangedSample> changed = new ArrayList<>();
        for (int i : vs.changed()) {
            changed.add(new RunSummary.ChangedSample(i, r.info().id(i), classes.name(reference[i]),
                    classes.name(f.top1()[i])));
        }
        ClassAccuracy truth = f.vsTruth();
        List<RunSummary.VariantClass> per = new ArrayList<>();
        for (int c = 0; c < classes.count(); c++) {
            boolean fitted = f.thresholdFlips() != null && r.classReference().thresholds().points()[c] != null;
            per.add(new RunSummary.VariantClass(classes.name(c), f.referenceClassSize(c), f.classAgreement(c),
                    truth == null ? null : truth.precision(c), truth == null ? null : truth.recall(c),
                    fitted ? f.thresholdFlips()[c] : null));
        }
        return new RunSummary.VariantClasses(vs.agreement(), vs.agreeing(), vs.changed().length, vs.k(),
                vs.topKOverlap(), vs.leftTopK(), truth == null ? null : truth.accuracy(), flips, matrix, changed, per);
    }

    /** A flip matrix index's class; the last index is "no class" (a score that is not finite). */
    private static String name(Classes classes, int index) {
        return index >= classes.count() ? "none" : classes.name(index);
    }
}
