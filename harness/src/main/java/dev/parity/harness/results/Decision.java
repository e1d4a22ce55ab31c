package dev.parity.harness.results;

import java.util.List;
import java.util.Map;

/**
 * Everything a run decides: gate results, confidence figures, warnings, the recommendation, and the comparison
 * with a baseline run when one was given.
 *
 * @param baseline    the baseline summary compared against, or null
 * @param outcome     the verdict at a glance (the headline's colour)
 * @param baselineRun when and by which Parity the baseline was written, or null without a baseline
 */
public record Decision(List<GateResult> gates, Map<String, VariantStatistics> statistics, List<String> warnings,
                       Recommendation recommendation, String baseline, Outcome outcome, BaselineRun baselineRun) {

    public boolean anyGateFailed() {
        return gates.stream().anyMatch(g -> g.status() == GateResult.Status.FAIL);
    }

    /** The failed gates, in the order they were evaluated. */
    public List<GateResult> failures() {
        return gates.stream().filter(g -> g.status() == GateResult.Status.FAIL).toList();
    }

    /** The baseline comparisons (no_regression gates), passed or failed. */
    public List<GateResult> regressionChecks() {
        return gates.stream().filter(g -> g.gate() == GateName.NO_REGRESSION).toList();
    }
}
