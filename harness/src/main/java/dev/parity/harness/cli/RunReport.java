package dev.parity.harness.cli;

import dev.parity.harness.decide.BaselineCheck;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.results.BaselineRun;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.SpeedSource;
import java.nio.file.Path;
import java.util.List;

/** Decides on an evaluation's results and writes its output folder: shared by eval and merge. */
final class RunReport {
    /**
     * @param regressions the baseline's no_regression gates (empty without a baseline)
     * @param baseline    the baseline file, for messages, or null
     */
    record Written(List<GateResult> regressions, BaselineRun baseline, Decision decision, RunSummary summary) {
    }

    private RunReport() {
    }

    /**
     * @param base     the baseline summary, or null
     * @param baseName its file, for messages, or null
     * @param probe    measures the candidates' speed (no benchmark has run yet)
     */
    static Written write(EvaluationResult result, RunSummary base, String baseName, Path outDir, SpeedSource probe) {
        return write(result, base, baseName, outDir, probe, List.of());
    }

    /** The variants whose model file is not the one the baseline ran (by SHA-256), each with both hashes' heads. */
    static List<String> modelChanges(EvaluationResult result, RunSummary base) {
        List<String> out = new java.util.ArrayList<>();
        for (RunSummary.VariantInfo was : base.variants()) {
            if (was.artifact() == null || was.artifact().sha256() == null) continue;
            if (result.variants().stream().noneMatch(v -> v.name().equals(was.name()))) continue;
            String now = dev.parity.harness.output.SummaryFactory.artifactSha(result, was.name());
            if (now != null && !now.equals(was.artifact().sha256())) {
                out.add(was.name() + ": model changed (" + was.artifact().sha256().substring(0, 12) + " -> "
                        + now.substring(0, 12) + ")");
            }
        }
        return out;
    }

    /** @param notes sentences every report shows with the decision's warnings (e.g. why there is no baseline) */
    static Written write(EvaluationResult result, RunSummary base, String baseName, Path outDir, SpeedSource probe,
                         List<String> notes) {
        List<GateResult> regressions = base == null ? List.of() : BaselineCheck.compare(result, base);
        BaselineRun baseline = base == null ? null
                : new BaselineRun(baseName, base.run().startedAt(), base.toolVersion(), modelChanges(result, base));
        Decision decided = DecisionMaker.decide(result, BenchFigures.none(), regressions, baseline, probe);
        Decision decision = notes.isEmpty() ? decided : decided.withWarnings(notes);
        RunSummary summary = OutputErrors.write(outDir,
                () -> RunWriter.write(result, decision, BenchFigures.none(), outDir));
        return new Written(regressions, baseline, decision, summary);
    }
}
