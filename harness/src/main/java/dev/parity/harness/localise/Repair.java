package dev.parity.harness.localise;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RepairReport;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Speed;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.ScoringPass;
import dev.parity.harness.run.SpeedProbe;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.RuntimeKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The smallest set of nodes to keep in FP32 for the variant to pass: nodes are added in the order attribution
 * ranked them (gain on the probe samples, then SQNR drop), each trial made, scored on the whole dataset and held to
 * the spec's gates (and --min-agreement); when every prefix of the ranking up to all candidates fails, the trial
 * keeping all of them is tried, and if it passes the passing prefix is found by bisection. Every trial is kept;
 * their speed is probed side by side at the end with the variant and its FP32 source, and the fastest passing trial
 * is the result (the closest one when none passes).
 */
final class Repair {
    private final Target target;
    private final Baseline baseline;
    private final Double minAgreement;
    private final int maxTrials;
    private final long deadline;
    private final Consumer<String> progress;
    private final List<Scored> trials = new ArrayList<>();

    /** One trial: its nodes, model, full-dataset scores and gate results. */
    private record Scored(Set<String> keep, Path model, VariantScores scores, EvaluationResult result,
                          List<GateResult> gates, boolean passes) {
    }

    Repair(Target target, Baseline baseline, Double minAgreement, int maxTrials, long seconds,
           Consumer<String> progress) {
        this.target = target;
        this.baseline = baseline;
        this.minAgreement = minAgreement;
        this.maxTrials = maxTrials;
        this.deadline = seconds <= 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        this.progress = progress;
    }

    RepairReport run(List<String> ranked, String repairedName, long speedMillis) {
        if (ranked.isEmpty()) {
            throw new ParityInputException("no node of " + target.variant.name() + " shows drift against "
                    + target.source.name() + "; nothing to keep in FP32");
        }
        int passedAt = -1;
        for (int k = 1; k <= ranked.size() && within(); k++) {
            if (trial(new LinkedHashSet<>(ranked.subList(0, k))).passes) {
                passedAt = k;
                break;
            }
        }
        if (passedAt < 0 && within() && !trials.isEmpty() && trials.get(trials.size() - 1).keep.size() < ranked.size()) {
            // the prefixes ran out of budget before the end: try everything, then bisect
            if (trial(new LinkedHashSet<>(ranked)).passes) {
                int lo = trials.stream().mapToInt(t -> t.keep.size()).filter(n -> n < ranked.size()).max().orElse(0);
                int hi = ranked.size();
                while (hi - lo > 1 && within()) {
                    int mid = (lo + hi) / 2;
                    if (trial(new LinkedHashSet<>(ranked.subList(0, mid))).passes) hi = mid;
                    else lo = mid;
                }
            }
        }
        Map<String, Speed> speed = speeds(speedMillis);
        List<RepairReport.Trial> rows = new ArrayList<>();
        Integer chosen = null;
        for (int i = 0; i < trials.size(); i++) {
            Scored t = trials.get(i);
            var c = t.result.comparisons().get(name(i));
            List<String> failed = new ArrayList<>(t.gates.stream().filter(g -> g.status() == GateResult.Status.FAIL)
                    .map(g -> g.gate().key()).toList());
            if (minAgreement != null && c.agreement() < minAgreement) failed.add("--min-agreement");
            // a multi-class variant has no recalibration: its agreement after is its top-1 agreement
            rows.add(new RepairReport.Trial(i, List.copyOf(t.keep), c.agreement(), c.flips(),
                    c.recalibration() == null ? c.agreement() : c.recalibration().agreementAfter(), t.passes, failed,
                    speed.get(name(i)), t.model.toString()));
        }
        for (int i = 0; i < rows.size(); i++) {
            RepairReport.Trial r = rows.get(i);
            if (!r.passes()) continue;
            if (chosen == null || faster(r, rows.get(chosen))) chosen = i;
        }
        boolean passed = chosen != null;
        if (!passed) {
            for (int i = 0; i < rows.size(); i++) {
                if (chosen == null || rows.get(i).agreement() > rows.get(chosen).agreement()) chosen = i;
            }
        }
        String fragment = chosen == null ? null : target.fragment(repairedName, trials.get(chosen).keep,
                trials.get(chosen).model);
        return new RepairReport(RepairReport.SCHEMA_VERSION, target.spec.name(), target.variant.name(),
                target.kind.label(), minAgreement != null ? minAgreement : target.spec.gates().limit(
                        target.spec.multiClass() ? GateName.MIN_TOP1_AGREEMENT : GateName.MIN_AGREEMENT),
                1 - (double) baseline.flips() / baseline.result().samples(), rows,
                chosen, passed, fragment, chosen == null ? null : trials.get(chosen).model.toString(),
                speed.get(target.variant.name()), speed.get(target.source.name()));
    }

    private static boolean faster(RepairReport.Trial a, RepairReport.Trial b) {
        if (a.speed() == null) return false;
        if (b.speed() == null) return true;
        // a clear speed difference decides; within the noise, fewer nodes in FP32 (closer to the variant) wins
        if (!a.speed().overlaps(b.speed())) return a.speed().value() > b.speed().value();
        return a.keptFp32().size() < b.keptFp32().size();
    }

    private boolean within() {
        return trials.size() < maxTrials && System.nanoTime() < deadline;
    }

    private String name(int i) {
        return target.variant.name() + ".trial-" + i;
    }

    private Scored trial(Set<String> keep) {
        int i = trials.size();
        progress.accept("trial " + i + ": " + target.variant.name() + " with " + keep + " in FP32");
        Path model = target.modelKeeping(keep);
        ResolvedSpec.Variant v = new ResolvedSpec.Variant(name(i), RuntimeKind.ONNXRUNTIME, model,
                target.variant.device(), null, null);
        ResolvedSpec alone = baseline.spec().withVariants(List.of(v));
        VariantMaker.Result made = new VariantMaker.Result(Map.of(v.name(), model), Map.of(), Map.of());
        List<VariantScores> scored;
        try (SampleSource in = DataSources.open(baseline.spec())) {
            BatchStream stream = new BatchStream(in, baseline.spec().preprocessing(), baseline.spec().batchSize());
            scored = new ScoringPass(alone, made, m -> { }, null, dev.parity.runners.factory.Runners::open)
                    .run(stream);
        }
        VariantScores s = scored.get(0);
        ResolvedSpec pair = baseline.spec().withVariants(List.of(baseline.spec().referenceVariant(), v));
        ScoredRun base = baseline.result().scored();
        Map<String, Path> artifacts = new HashMap<>(base.artifacts());
        artifacts.put(v.name(), model);
        ScoredRun run = new ScoredRun(base.samples(), base.inputShape(), base.inputDtype(), base.info(),
                List.of(base.variant(baseline.spec().reference()), s), Map.of(), artifacts, Map.of(),
                base.startedAtMillis(), 0.0, base.shard());
        EvaluationResult r = Evaluation.compare(pair, run);
        Decision d = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null);
        List<GateResult> gates = d.gates().stream().filter(g -> g.variant().equals(v.name())
                && g.gate().measuresScores()).toList();
        boolean passes = s.ok() && gates.stream().noneMatch(g -> g.status() == GateResult.Status.FAIL)
                && (minAgreement == null || r.comparisons().get(v.name()).agreement() >= minAgreement);
        Scored t = new Scored(keep, model, s, r, gates, passes);
        trials.add(t);
        var c = r.comparisons().get(v.name());
        progress.accept(String.format(java.util.Locale.ROOT, "trial %d: agreement %.4f%% (%d flips) %s", i,
                100 * c.agreement(), c.flips(), passes ? "passes" : "fails"));
        return t;
    }

    /** Every trial, the variant and its source, probed side by side in one run. */
    private Map<String, Speed> speeds(long millis) {
        List<ResolvedSpec.Variant> all = new ArrayList<>();
        Map<String, Path> artifacts = new HashMap<>();
        all.add(baseline.spec().referenceVariant());
        for (String name : List.of(target.source.name(), target.variant.name())) {
            all.add(new ResolvedSpec.Variant(name, RuntimeKind.ONNXRUNTIME, null, target.variant.device(), null, null));
        }
        artifacts.put(target.source.name(), target.sourceModel);
        artifacts.put(target.variant.name(), target.variantModel);
        List<String> names = new ArrayList<>(List.of(target.source.name(), target.variant.name()));
        for (int i = 0; i < trials.size(); i++) {
            all.add(new ResolvedSpec.Variant(name(i), RuntimeKind.ONNXRUNTIME, trials.get(i).model,
                    target.variant.device(), null, null));
            artifacts.put(name(i), trials.get(i).model);
            names.add(name(i));
        }
        ScoredRun base = baseline.result().scored();
        ScoredRun run = new ScoredRun(base.samples(), base.inputShape(), base.inputDtype(), base.info(),
                List.of(base.variant(baseline.spec().reference())), Map.of(), artifacts, Map.of(),
                base.startedAtMillis(), 0.0, base.shard());
        EvaluationResult r = new EvaluationResult(baseline.spec().withVariants(all), run,
                baseline.result().operatingPoint(), baseline.result().referenceVerdicts(), Map.of(), 0, List.of());
        return new SpeedProbe(r, millis, dev.parity.runners.factory.Runners::open, progress).measure(names, false);
    }
}
