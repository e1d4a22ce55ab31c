package dev.parity.harness.localise;

import dev.parity.convert.ConversionException;
import dev.parity.harness.results.LocaliseReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * For the nodes where most drift enters (largest SQNR drop, non-finite first), the verdicts gained on the probe
 * samples by keeping just that node in FP32, one node at a time; ranked by gain, then by drop. A node that cannot
 * be kept (the converter refuses it) is left out with a note in the progress.
 */
final class Attribution {
    private Attribution() {
    }

    /**
     * The candidates: nodes with drift, largest drop first, at most {@code count}. Drift measured at a node the
     * conversion leaves alone (an INT8 model's ReLU, folded into its producer's quantization) belongs to the node
     * that computes it: its nearest producer the conversion does change.
     *
     * @param changes whether the conversion changes the precision of a node of this op type
     */
    static List<LocaliseReport.Tensor> candidates(List<LocaliseReport.Tensor> tensors,
                                                  Map<String, String> producerOf, java.util.function.Predicate<String> changes,
                                                  Set<String> alreadyKept, int count) {
        Map<String, LocaliseReport.Tensor> byTensor = new java.util.HashMap<>();
        for (LocaliseReport.Tensor t : tensors) byTensor.put(t.tensor(), t);
        Map<String, LocaliseReport.Tensor> owners = new java.util.LinkedHashMap<>();
        for (LocaliseReport.Tensor t : tensors) {
            if (!(t.state().equals("non-finite") || (t.dropDb() != null && t.dropDb() > 0))) continue;
            LocaliseReport.Tensor owner = t;
            for (int hops = 0; owner != null && !changes.test(owner.opType()) && hops < 8; hops++) {
                String in = producerOf.get(owner.tensor());
                owner = in == null ? null : byTensor.get(in);
            }
            if (owner == null || alreadyKept.contains(owner.node())) continue;
            LocaliseReport.Tensor merged = new LocaliseReport.Tensor(owner.index(), owner.node(), owner.opType(),
                    owner.tensor(), owner.variantTensor(), t.state(), t.sqnrDb(), t.sqnrFlippedDb(), t.sqnrRestDb(),
                    t.cosine(), t.maxAbsDiff(), t.dropDb());
            LocaliseReport.Tensor before = owners.get(owner.node());
            if (before == null || drop(merged) > drop(before)) owners.put(owner.node(), merged);
        }
        List<LocaliseReport.Tensor> out = new ArrayList<>(owners.values());
        out.sort(Comparator.comparingDouble(Attribution::drop).reversed());
        return out.subList(0, Math.min(count, out.size()));
    }

    /** Keeps {@code nodes} in FP32 and adds the probe's verdicts to {@code out}; a refusal is a progress line. */
    private static void trial(Target target, Probe probe, ProbeScorer scorer, List<String> nodes,
                              LocaliseReport.Tensor c, Consumer<String> progress,
                              List<LocaliseReport.Attribution> out) {
        long before = probe.flips();
        long[] f;
        try {
            f = scorer.flips(target.modelKeeping(new LinkedHashSet<>(nodes)));
        } catch (ConversionException e) {
            progress.accept("cannot keep " + String.join(" + ", nodes) + " in FP32: " + e.getMessage());
            return;
        }
        double n = probe.size();
        String name = String.join(" + ", nodes);
        out.add(new LocaliseReport.Attribution(name, nodes.size() == 1 ? c.opType() : c.opType() + " block",
                c.dropDb(), f[0], f[1], 1 - before / n, 1 - f[2] / n, (before - f[2]) / n, List.copyOf(nodes)));
        progress.accept(String.format(java.util.Locale.ROOT, "kept %s in FP32: %d flip(s) fixed, %d made", name,
                f[0], f[1]));
    }

    static double drop(LocaliseReport.Tensor t) {
        return t.dropDb() == null ? Double.POSITIVE_INFINITY : t.dropDb();
    }

    static List<LocaliseReport.Attribution> rank(Target target, Probe probe, ProbeScorer scorer,
                                                 List<LocaliseReport.Tensor> candidates, Consumer<String> progress) {
        List<LocaliseReport.Attribution> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Map<String, String> blockEnd = Blocks.of(dev.parity.convert.OnnxModels.read(target.sourceModel));
        for (LocaliseReport.Tensor c : candidates) {
            if (!seen.add(c.node())) continue;
            trial(target, probe, scorer, List.of(c.node()), c, progress, out);
        }
        // then each candidate's block (a Conv with the Add its residual path joins), where it has one
        for (LocaliseReport.Tensor c : candidates) {
            String end = blockEnd.get(c.node());
            if (end != null && !seen.contains(c.node() + "+" + end)) {
                seen.add(c.node() + "+" + end);
                trial(target, probe, scorer, List.of(c.node(), end), c, progress, out);
            }
        }
        out.sort(Comparator.comparingDouble(LocaliseReport.Attribution::gain).reversed()
                .thenComparing(Comparator.comparingDouble((LocaliseReport.Attribution a) ->
                        a.dropDb() == null ? Double.POSITIVE_INFINITY : a.dropDb()).reversed()));
        return out;
    }
}
