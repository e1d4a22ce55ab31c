package dev.parity.harness.decide;

import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.Gates;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-head variant's gates: every gate on its scores held on each head (named gate:head, so a variant that
 * breaks one head fails naming it), then the gates on its speed once. A variant ships only if it passes on every
 * head.
 */
final class HeadGates {
    private HeadGates() {
    }

    static List<GateResult> of(EvaluationResult r, String name, BenchFigures bench, Gates g) {
        List<GateResult> out = new ArrayList<>();
        List<GateResult> speed = new ArrayList<>();
        for (EvaluationResult.Head h : r.heads()) {
            for (GateResult x : VariantGates.of(h.result(), name, h.result().comparisons().get(name), bench, g)) {
                if (x.gate().measuresScores()) {
                    out.add(x.forHead(h.name()));
                } else if (h == r.heads().get(0)) {
                    speed.add(x);
                }
            }
        }
        out.addAll(speed);
        return out;
    }
}
