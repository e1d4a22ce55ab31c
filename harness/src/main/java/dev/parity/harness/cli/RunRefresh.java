package dev.parity.harness.cli;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.decide.BenchFigures;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.output.RunSummary;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.ShardManifest;
import dev.parity.harness.run.ShardMerge;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * After a standalone {@code parity bench} into a run folder: decides again with the benchmark's figures and
 * re-renders the summary and reports, from the raw scores the run kept (its shard.json and scores/).
 */
public final class RunRefresh {
    private RunRefresh() {
    }

    /** What happened, in one sentence for the terminal. */
    public record Outcome(boolean refreshed, String message) {
    }

    public static Outcome withBench(Path spec, Path runDir) throws IOException {
        if (!Files.isRegularFile(runDir.resolve("summary.json")) || !Files.isRegularFile(runDir.resolve(ShardManifest.FILE))) {
            return new Outcome(false, "no evaluation run in " + runDir + " to update; run 'parity eval' for a report");
        }
        try {
            ResolvedSpec resolved = SpecLoader.load(spec);
            Evaluation.Scored scored = ShardMerge.join(resolved, List.of(runDir));
            BenchFigures figures = BenchFigures.read(runDir.resolve("bench.json"));
            var result = Evaluation.compare(scored);
            RunSummary summary = RunWriter.rewrite(result, DecisionMaker.decide(result, figures, List.of(), null),
                    figures, runDir);
            return new Outcome(true, "updated " + runDir + " (summary.json and reports) with these figures: ship '"
                    + summary.decision().recommendation().variant() + "'");
        } catch (ParityInputException e) {
            return new Outcome(false, "the run in " + runDir + " was not updated: " + e.getMessage());
        }
    }
}
