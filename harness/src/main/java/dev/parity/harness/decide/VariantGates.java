package dev.parity.harness.decide;

import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.GateInputs;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.Gates;
import java.util.ArrayList;
import java.util.List;

/**
 * The gates of one variant that ran: every gate of the table ({@link GateName}) the spec has on, in the table's
 * order, measured on the variant's figures. With {@code gates.confidence} set, agreement and precision/recall are
 * held to the limit by their Wilson lower bound at that confidence, so a pass means "at least this good, with
 * confidence", not "this good on this sample".
 */
final class VariantGates {
    private VariantGates() {
    }

    static List<GateResult> of(EvaluationResult r, String name, Comparison c, BenchFigures bench, Gates g) {
        int batch = r.spec().batchSize();
        GateInputs in = new GateInputs(name, c, r.labels() == null ? null : r.operatingPoint().matrix(),
                r.spec().dataset().slices().isEmpty() ? null : r.slices(), g.minSliceSize(),
                bench.at(name, batch).orElse(null), batch, g.confidence(), r.classReference(), g.minClassSize());
        List<GateResult> gates = new ArrayList<>();
        for (GateName gate : GateName.values()) {
            Double limit = g.limit(gate);
            if (gate.perVariant() && limit != null && gate.scope().covers(r.multiClass())) {
                gates.add(gate.hold(name, in, limit));
            }
        }
        return gates;
    }
}
