package dev.parity.harness.localise;

import dev.parity.harness.results.LocaliseReport;
import dev.parity.harness.spec.ResolvedSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * parity localise and parity repair, start to end, without the command line: the baseline run, the probe samples,
 * the per-tensor comparison, attribution, and (for repair) the search.
 */
public final class Localisation {
    private Localisation() {
    }

    /** What localisation found, with the state repair continues from. */
    public record Found(LocaliseReport report, Object state) {
    }

    private record State(Target target, Baseline baseline) {
    }

    /**
     * @param probeSize  samples compared (every flipped one, then those nearest the threshold)
     * @param candidates nodes tried one at a time in FP32 (0: no attribution)
     */
    public static Found localise(ResolvedSpec spec, String variant, Path cacheDir, int probeSize, int candidates,
                                 Consumer<String> progress) {
        Target target = Target.of(spec, variant, cacheDir, progress);
        Baseline baseline = Baseline.evaluate(spec, variant, cacheDir, progress);
        Probe probe = Probe.choose(spec, baseline.reference(), baseline.referenceDecisions(),
                baseline.variantDecisions(), baseline.rule(), probeSize);
        progress.accept("probe: " + probe.size() + " sample(s), " + probe.flips() + " of them flipped (of "
                + baseline.flips() + " in the dataset)");
        Localiser.Result tensors = Localiser.run(target, probe, progress);
        if (candidates > 0 && probe.flips() == 0) progress.accept("no flipped verdicts: nothing to attribute");
        List<LocaliseReport.Attribution> attribution = candidates <= 0 || probe.flips() == 0 ? List.of()
                : Attribution.rank(target, probe, new ProbeScorer(spec, probe, baseline.rule()),
                Attribution.candidates(tensors.tensors(), tensors.firstInput(), target::changes, target.alreadyKept(),
                        candidates), progress);
        LocaliseReport report = new LocaliseReport(LocaliseReport.SCHEMA_VERSION, spec.name(), variant,
                target.source.name(), target.kind.label(), baseline.threshold(), probe.size(), probe.flips(),
                tensors.matched(), tensors.tensors().size(), tensors.byPosition(), Localiser.TENSORS_PER_SESSION,
                tensors.tensors(),
                attribution);
        return new Found(report, new State(target, baseline));
    }

    /**
     * Repairs from a localisation: nodes in attribution order (gain, then drop), then the other candidates by drop.
     *
     * @param minAgreement null: the spec's gates decide alone
     */
    public static dev.parity.harness.results.RepairReport repair(Found found, Double minAgreement, int maxTrials,
                                                                 long seconds, long speedMillis, String repairedName,
                                                                 Consumer<String> progress) {
        State s = (State) found.state();
        // single nodes in the order attribution ranked them, those that helped first; the Adds of blocks last:
        // keeping an Add in FP32 costs its fused integer kernel (the demo's INT8 fell from 9.1k to 6.1k samples/s
        // when blocks came first), so it is tried once the single nodes are not enough
        java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>();
        List<LocaliseReport.Attribution> ranked = found.report().attribution();
        for (LocaliseReport.Attribution a : ranked) if (a.nodes().size() == 1 && a.gain() > 0) order.addAll(a.nodes());
        for (LocaliseReport.Attribution a : ranked) if (a.nodes().size() == 1) order.addAll(a.nodes());
        for (LocaliseReport.Attribution a : ranked) if (a.gain() > 0) order.addAll(a.nodes());
        for (LocaliseReport.Attribution a : ranked) order.addAll(a.nodes());
        if (order.isEmpty() && found.report().probeFlips() == 0) {
            // layers are ranked by the flips keeping them in FP32 fixes: with none on the probe there is no ranking
            throw new dev.parity.harness.ParityInputException(found.report().variant() + " flips no verdict on the "
                    + found.report().probeSamples() + " probe samples, so no layer can be ranked by what keeping it "
                    + "in FP32 fixes; give --samples more of the dataset, or leave --min-agreement out");
        }
        return new Repair(s.target(), s.baseline(), minAgreement, maxTrials, seconds, progress)
                .run(new java.util.ArrayList<>(order), repairedName, speedMillis);
    }
}
