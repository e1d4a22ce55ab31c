package dev.parity.harness.results;

import java.util.List;
import java.util.Map;

/**
 * Everything a run decides: gate results, confidence figures, warnings, the recommendation, and the comparison
 * with a baseline run when one was given.
 *
 * @param baseline the baseline summary compared against, or null
 */
public record Decision(List<GateResult> gates, Map<String, VariantStatistics> statistics, List<String> warnings,
                       Recommendation recommendation, String baseline) {

    public boolean anyGateFailed() {
        return gates.stream().anyMatch(g -> g.status() == GateResult.Status.FAIL);
    }
}
