package dev.parity.harness.output;

import dev.parity.harness.results.Decision;
import dev.parity.harness.results.RunSummary;

/**
 * One head of a multi-head run seen as a binary run: its reference threshold, its variants' verdicts and
 * recalibration, its slices and statistics, under the run's decision. The reports render each head with the binary
 * run's own tables, so a head reads exactly as a binary run does.
 */
final class HeadViews {
    private HeadViews() {
    }

    static RunSummary of(RunSummary s, RunSummary.HeadInfo h) {
        Decision d = s.decision();
        Decision head = new Decision(d.gates(), h.statistics(), d.warnings(), d.recommendation(), d.baseline(),
                d.outcome(), d.baselineRun(), d.informational());
        return new RunSummary(s.schemaVersion(), s.tool(), s.toolVersion(), s.spec(), s.dataset(), h.reference(),
                null, null, h.variants(), h.slices(), head, s.environment(), s.run());
    }

    /** "Head 'toxic' (element 1 of the output, sigmoid)". */
    static String title(RunSummary.HeadInfo h) {
        return "Head '" + h.name() + "' (element " + h.index() + " of the output, " + h.transform() + ")";
    }
}
