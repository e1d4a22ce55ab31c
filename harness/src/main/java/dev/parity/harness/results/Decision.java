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
 * @param informational variants whose failures are reported but do not fail the run
 */
public record Decision(List<GateResult> gates, Map<String, VariantStatistics> statistics, List<String> warnings,
                       Recommendation recommendation, String baseline, Outcome outcome, BaselineRun baselineRun,
                       List<String> informational) {

    public Decision {
        informational = informational == null ? List.of() : List.copyOf(informational);
    }

    public Decision(List<GateResult> gates, Map<String, VariantStatistics> statistics, List<String> warnings,
                    Recommendation recommendation, String baseline, Outcome outcome, BaselineRun baselineRun) {
        this(gates, statistics, warnings, recommendation, baseline, outcome, baselineRun, List.of());
    }

    /** The same decision with {@code notes} before its warnings. */
    public Decision withWarnings(List<String> notes) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(warnings);
        return new Decision(gates, statistics, all, recommendation, baseline, outcome, baselineRun, informational);
    }

    /** A failed gate that counts: not an informational variant's. */
    public boolean anyGateFailed() {
        return !failures().isEmpty();
    }

    /** The failed gates that count, in the order they were evaluated. */
    public List<GateResult> failures() {
        return gates.stream().filter(g -> g.status() == GateResult.Status.FAIL && !informational.contains(g.variant()))
                .toList();
    }

    /** Failed gates of informational variants: reported, never counted. */
    public List<GateResult> informationalFailures() {
        return gates.stream().filter(g -> g.status() == GateResult.Status.FAIL && informational.contains(g.variant()))
                .toList();
    }

    /** The baseline comparisons (no_regression gates), passed or failed. */
    public List<GateResult> regressionChecks() {
        return gates.stream().filter(g -> g.gate() == GateName.NO_REGRESSION).toList();
    }
}
