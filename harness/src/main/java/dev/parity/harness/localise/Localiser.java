package dev.parity.harness.localise;

import dev.parity.convert.OnnxModels;
import dev.parity.convert.TensorTaps;
import dev.parity.harness.results.LocaliseReport;
import dev.parity.runners.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per tensor along the FP32 source's graph (topological order), how far the variant's tensor is from the source's
 * on the probe samples: SQNR over all of them, over the flipped ones and over the rest, cosine similarity and the
 * largest |difference|. Tensors are exposed {@link #TENSORS_PER_SESSION} at a time and the probe is run in small
 * batches, so memory holds one batch of one group's tensors whatever the model's size.
 */
final class Localiser {
    static final int TENSORS_PER_SESSION = 48;
    static final int BATCH = 32;
    static final double EXACT_DB = 100;

    private Localiser() {
    }

    /**
     * @param firstInput per step's tensor, the node's first input (what it computes from)
     * @param byPosition of the matched tensors, how many were paired by graph position, not by name
     */
    record Result(List<LocaliseReport.Tensor> tensors, int matched, Map<String, String> firstInput, int byPosition) {
    }

    static Result run(Target t, Probe probe, Consumer<String> progress) {
        var sourceModel = OnnxModels.read(t.sourceModel);
        var variantModel = OnnxModels.read(t.variantModel);
        List<TensorTaps.Step> steps = TensorTaps.steps(sourceModel);
        Map<String, String> match = new LinkedHashMap<>(TensorTaps.match(variantModel, sourceModel,
                steps.stream().map(TensorTaps.Step::tensor).toList()));
        java.util.Set<String> unmatched = new java.util.HashSet<>();
        match.forEach((k, v) -> {
            if (v == null) unmatched.add(k);
        });
        // a variant converted elsewhere may rename every tensor: pair what names could not by graph position
        Map<String, String> byPosition = t.kind == Target.Kind.QDQ
                ? TensorTaps.matchByPosition(variantModel, sourceModel, unmatched) : Map.of();
        match.putAll(byPosition);
        Map<String, TensorDrift> drift = new LinkedHashMap<>();
        List<TensorTaps.Step> matched = steps.stream().filter(s -> match.get(s.tensor()) != null).toList();
        String input = t.spec.contract().inputName();
        List<Batch> batches = probe.batches(BATCH);
        int groups = (matched.size() + TENSORS_PER_SESSION - 1) / TENSORS_PER_SESSION;
        if (groups > 1) {
            progress.accept("exposing " + matched.size() + " tensors in " + groups + " groups of at most "
                    + TENSORS_PER_SESSION + " (one group in memory at a time)");
        }
        for (int g = 0; g < groups; g++) {
            List<TensorTaps.Step> group = matched.subList(g * TENSORS_PER_SESSION,
                    Math.min(matched.size(), (g + 1) * TENSORS_PER_SESSION));
            List<String> sourceNames = group.stream().map(TensorTaps.Step::tensor).toList();
            List<String> variantNames = sourceNames.stream().map(match::get).toList();
            Map<String, String> sourceOf = new HashMap<>();
            for (String s : sourceNames) sourceOf.put(match.get(s), s);
            try (TensorTaps src = new TensorTaps(sourceModel, input, sourceNames);
                 TensorTaps var = new TensorTaps(variantModel, input, variantNames)) {
                for (Batch b : batches) {
                    Map<String, float[]> x = new HashMap<>();
                    Map<String, Integer> per = new HashMap<>();
                    src.run(b.data(), b.shape(), (name, values, n, p) -> {
                        x.put(name, values);
                        per.put(name, p);
                    });
                    var.run(b.data(), b.shape(), (name, values, n, p) -> {
                        String s = sourceOf.get(name);
                        float[] xs = x.get(s);
                        if (xs == null || xs.length != values.length) return; // a shape the conversion changed
                        TensorDrift d = drift.computeIfAbsent(s, k -> new TensorDrift());
                        for (int i = 0; i < n; i++) {
                            d.add(xs, values, i * p, p, probe.flipped()[(int) b.firstIndex() + i]);
                        }
                    });
                }
            }
        }
        List<LocaliseReport.Tensor> rows = new ArrayList<>();
        Map<String, Double> sqnrOf = new HashMap<>();
        Map<String, TensorTaps.Step> producerStep = new HashMap<>();
        for (TensorTaps.Step s : steps) {
            producerStep.put(s.tensor(), s);
            TensorDrift d = drift.get(s.tensor());
            if (d != null) sqnrOf.put(s.tensor(), d.sqnr(null));
        }
        for (TensorTaps.Step s : steps) {
            TensorDrift d = drift.get(s.tensor());
            if (d == null) {
                rows.add(new LocaliseReport.Tensor(s.index(), s.node(), s.opType(), s.tensor(), null, "unmatched",
                        null, null, null, null, null, null));
                continue;
            }
            double sqnr = d.sqnr(null);
            String state = sqnr == Double.POSITIVE_INFINITY ? "identical"
                    : sqnr == Double.NEGATIVE_INFINITY ? "non-finite" : "measured";
            // drift entering here: this tensor's SQNR against the worst SQNR of what the node computes from
            double worstInput = Double.POSITIVE_INFINITY;
            for (String in : s.inputs()) worstInput = Math.min(worstInput, inputSqnr(in, sqnrOf, producerStep, 0));
            // above EXACT_DB a tensor counts as exact (graph inputs are; float32 rounding alone gives ~140 dB)
            double drop = sqnr == Double.POSITIVE_INFINITY ? 0 : Math.min(worstInput, EXACT_DB) - sqnr;
            rows.add(new LocaliseReport.Tensor(s.index(), s.node(), s.opType(), s.tensor(), match.get(s.tensor()),
                    state, finite(sqnr), finite(d.sqnr(true)), finite(d.sqnr(false)), d.cosine(), finite(d.maxAbs()),
                    finite(drop)));
        }
        Map<String, String> firstInput = new HashMap<>();
        for (TensorTaps.Step s : steps) if (!s.inputs().isEmpty()) firstInput.put(s.tensor(), s.inputs().get(0));
        return new Result(rows, matched.size(), firstInput, byPosition.size());
    }

    /**
     * The SQNR a node's input arrives with: measured, or for a tensor the variant does not have (folded away), the
     * worst of what produced it; graph inputs and constants are exact (+inf).
     */
    private static double inputSqnr(String tensor, Map<String, Double> sqnrOf, Map<String, TensorTaps.Step> producer,
                                    int depth) {
        Double v = sqnrOf.get(tensor);
        if (v != null) return v;
        TensorTaps.Step p = producer.get(tensor);
        if (p == null || depth > 16) return Double.POSITIVE_INFINITY;
        double worst = Double.POSITIVE_INFINITY;
        for (String in : p.inputs()) worst = Math.min(worst, inputSqnr(in, sqnrOf, producer, depth + 1));
        return worst;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
