package dev.parity.harness.pipeline;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.output.SummaryFactory;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.RunFileException;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.ShardMerge;
import dev.parity.harness.run.SpeedSource;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run folder brought up to date after it was written: decided again once a standalone {@code parity bench} put
 * bench.json in it (and recorded again, as the run's new state), or its report re-rendered to show a localisation
 * or repair written next to it. The run is reloaded from the raw scores it kept (shard.json, scores/); each report
 * is rendered once.
 */
public final class RunRefresh {
    private RunRefresh() {
    }

    /**
     * What happened, in sentences for the terminal.
     *
     * @param recorded where the store keeps the run's new state, or a warning why it does not, or null
     */
    public record Outcome(boolean refreshed, String message, String recorded) {
        Outcome(boolean refreshed, String message) {
            this(refreshed, message, null);
        }
    }

    /**
     * Re-renders a run folder's report as it is, keeping its decision (e.g. to show a localisation written next
     * to it); deciding again here could change the recommendation without a speed probe.
     */
    public static Outcome rerender(Path spec, Path runDir) throws IOException {
        if (!isRun(runDir)) return new Outcome(false, "no evaluation run in " + runDir + " whose report could show it");
        try {
            Loaded run = load(spec, runDir);
            RunWriter.rerenderHtml(withRunFigures(run.before()), run.result(),
                    BenchFigures.read(new RunFolder(runDir).bench()), runDir,
                    StoreTrend.forReport(DefaultDirs.history(), run.result().spec().name()));
            return new Outcome(true, "updated " + new RunFolder(runDir).reportHtml());
        } catch (ParityInputException | RunFileException e) {
            return new Outcome(false, "the report in " + runDir + " was not updated: " + e.getMessage());
        }
    }

    /**
     * After a standalone {@code parity bench} into a run folder: keeps the baseline regressions its summary recorded,
     * decides again with the folder's bench.json, rewrites the summary and reports, and records the run's new state
     * in the default run store (replacing its earlier record).
     */
    public static Outcome withBench(Path spec, Path runDir) throws IOException {
        if (!isRun(runDir)) {
            return new Outcome(false, "no evaluation run in " + runDir + " to update; run 'parity eval' for a report");
        }
        try {
            Loaded run = load(spec, runDir);
            List<GateResult> regressions = run.before().decision().gates().stream()
                    .filter(g -> g.gate() == GateName.NO_REGRESSION).toList();
            BenchFigures figures = BenchFigures.read(new RunFolder(runDir).bench());
            Decision decision = DecisionMaker.decide(run.result(), figures, regressions,
                    run.before().decision().baselineRun(), SpeedSource.NONE);
            RunSummary summary = SummaryFactory.from(run.result(), decision, run.before().run().phaseSeconds());
            List<String> warnings = new ArrayList<>();
            String recorded;
            try (RunRecord record = RunRecord.begin(DefaultDirs.history(), summary, RunSession.exitCode(decision),
                    runDir, warnings::add)) {
                RunWriter.rewrite(summary, run.result(), figures, record.trend(summary.spec().name()), runDir);
                recorded = record.commit();
            }
            return new Outcome(true, "updated " + runDir + " (summary.json and reports) with these figures: ship '"
                    + summary.decision().recommendation().variant() + "'",
                    recorded != null ? recorded : String.join("\n", warnings));
        } catch (ParityInputException | RunFileException e) {
            return new Outcome(false, "the run in " + runDir + " was not updated: " + e.getMessage());
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
                s.run().speed() == null ? Map.of() : s.run().speed());
        Decision restored = new Decision(d.gates(), d.statistics(), d.warnings(), full, d.baseline(), d.outcome(),
                d.baselineRun(), d.informational());
        return new RunSummary(s.schemaVersion(), s.tool(), s.toolVersion(), s.spec(), s.dataset(), s.reference(),
                s.classes(), s.heads(), s.variants(), s.slices(), restored, s.environment(), s.run());
    }
}
