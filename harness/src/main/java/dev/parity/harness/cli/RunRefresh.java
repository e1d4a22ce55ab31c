package dev.parity.harness.cli;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.results.BaselineRun;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunFileException;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.ShardMerge;
import dev.parity.harness.run.SpeedSource;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Deciding again once speed figures exist, the one way both {@code eval --bench} and a standalone
 * {@code parity bench} into a run folder do it: the same gates and baseline regressions, now with the benchmark's
 * figures, and summary.json and the reports re-rendered in place.
 */
public final class RunRefresh {
    private RunRefresh() {
    }

    /** What happened, in one sentence for the terminal. */
    public record Outcome(boolean refreshed, String message) {
    }

    /** Decides again on an evaluation in memory and rewrites its folder's summary and reports. */
    static RunSummary withFigures(EvaluationResult result, BenchFigures figures, List<GateResult> regressions,
                                  BaselineRun baseline, Path runDir) throws IOException {
        Decision decision = DecisionMaker.decide(result, figures, regressions, baseline, SpeedSource.NONE);
        return RunWriter.rewrite(result, decision, figures, runDir);
    }

    /**
     * Re-renders a run folder's reports as they are, keeping its decision (e.g. to show a localisation written next
     * to it); deciding again here could change the recommendation without a speed probe.
     */
    public static Outcome rerender(Path spec, Path runDir) throws IOException {
        if (!isRun(runDir)) return new Outcome(false, "no evaluation run in " + runDir + " whose report could show it");
        try {
            Loaded run = load(spec, runDir);
            // the trend the report had (from the default run store), kept
            RunWriter.rerenderHtml(withRunFigures(run.before()), run.result(),
                    BenchFigures.read(new RunFolder(runDir).bench()), runDir,
                    new HistoryOptions().trend(run.result().spec().name()));
            return new Outcome(true, "updated " + new RunFolder(runDir).reportHtml());
        } catch (ParityInputException | RunFileException e) {
            return new Outcome(false, "the report in " + runDir + " was not updated: " + e.getMessage());
        }
    }

    /** A run folder as it was written, and its evaluation reloaded from the raw scores it kept. */
    private record Loaded(RunSummary before, EvaluationResult result) {
    }

    /** Whether the folder holds an evaluation that can be reloaded (its summary and its raw scores). */
    private static boolean isRun(Path runDir) {
        return new RunFolder(runDir).isShard();
    }

    private static Loaded load(Path spec, Path runDir) {
        RunSummary before = new RunFolder(runDir).readSummary();
        ResolvedSpec resolved = SpecLoader.load(spec);
        return new Loaded(before, Evaluation.compare(resolved, ShardMerge.join(resolved, List.of(runDir))));
    }

    /** The summary as read back, with the run-specific figures summary.json keeps under "run" put back in place. */
    private static RunSummary withRunFigures(RunSummary s) {
        Decision d = s.decision();
        Recommendation r = d.recommendation();
        Recommendation full = new Recommendation(r.variant(), r.threshold(), r.thresholdRecalibrated(), r.objective(),
                s.run().recommendationFigure(), r.figureSource(), r.noneQualified(), r.rule(), r.reasons(),
                s.run().recommendationReasons() == null ? r.reasons() : s.run().recommendationReasons(),
                s.run().speed() == null ? java.util.Map.of() : s.run().speed());
        Decision restored = new Decision(d.gates(), d.statistics(), d.warnings(), full, d.baseline(), d.outcome(),
                d.baselineRun(), d.informational());
        return new RunSummary(s.schemaVersion(), s.tool(), s.toolVersion(), s.spec(), s.dataset(), s.reference(),
                s.variants(), s.slices(), restored, s.environment(), s.run());
    }

    /**
     * After a standalone {@code parity bench} into a run folder: reloads the run from the raw scores it kept (its
     * shard.json and scores/), keeps the baseline regressions its summary recorded, and decides again with the
     * folder's bench.json.
     */
    public static Outcome withBench(Path spec, Path runDir) throws IOException {
        if (!isRun(runDir)) {
            return new Outcome(false, "no evaluation run in " + runDir + " to update; run 'parity eval' for a report");
        }
        try {
            Loaded run = load(spec, runDir);
            List<GateResult> regressions = run.before().decision().gates().stream()
                    .filter(g -> g.gate() == GateName.NO_REGRESSION).toList();
            RunSummary summary = withFigures(run.result(), BenchFigures.read(new RunFolder(runDir).bench()),
                    regressions, run.before().decision().baselineRun(), runDir);
            return new Outcome(true, "updated " + runDir + " (summary.json and reports) with these figures: ship '"
                    + summary.decision().recommendation().variant() + "'");
        } catch (ParityInputException | RunFileException e) {
            return new Outcome(false, "the run in " + runDir + " was not updated: " + e.getMessage());
        }
    }
}
