package dev.parity.harness.run;

import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.SliceResult;
import dev.parity.metrics.Wilson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per slice and variant: sample count, positives, flips against the reference, agreement with its Wilson interval,
 * precision and recall against the labels, all at the reference threshold (where flips are counted). One pass per
 * slice column and variant, so a million samples in a hundred slices cost a few counting arrays.
 */
final class SliceEvaluation {
    private SliceEvaluation() {
    }

    /** @param variants verdicts at the reference threshold by variant name (ran only), spec order */
    static List<SliceResult> of(SampleInfo info, boolean[] referenceVerdicts, Map<String, Comparison> variants) {
        return of(info, variants, (column, c) -> count(column, c.verdicts(), referenceVerdicts, info.labels()));
    }

    /**
     * A multi-class run's slices: flips are samples whose top class differs from the reference's (precision and
     * recall, a binary score's, are left out; the class figures have accuracy per class).
     */
    static List<SliceResult> ofClasses(SampleInfo info, int[] referenceTop1, Map<String, Comparison> variants) {
        return of(info.withClassLabels(null), variants, (column, c) -> {
            long[][] counts = new long[3][column.levels().size()];
            int[] top1 = c.classes().top1();
            for (int i = 0; i < top1.length; i++) {
                if (top1[i] != referenceTop1[i] || top1[i] < 0) counts[0][column.codes()[i]]++;
            }
            return counts;
        });
    }

    /** Per level of a slice column, one variant's flips, true positives and predicted positives. */
    private interface Counter {
        long[][] count(SampleInfo.SliceColumn column, Comparison c);
    }

    private static List<SliceResult> of(SampleInfo info, Map<String, Comparison> variants, Counter counter) {
        List<SliceResult> out = new ArrayList<>();
        boolean[] labels = info.labels();
        for (SampleInfo.SliceColumn column : info.slices()) {
            int levels = column.levels().size();
            long[] n = new long[levels], positives = new long[levels];
            for (int i = 0; i < column.codes().length; i++) {
                n[column.codes()[i]]++;
                if (labels != null && labels[i]) positives[column.codes()[i]]++;
            }
            Map<String, long[][]> counts = new LinkedHashMap<>();
            for (Map.Entry<String, Comparison> v : variants.entrySet()) {
                counts.put(v.getKey(), counter.count(column, v.getValue()));
            }
            for (int l = 0; l < levels; l++) {
                if (n[l] == 0) continue; // a value only skipped images had
                Map<String, SliceResult.Figures> figures = new LinkedHashMap<>();
                for (Map.Entry<String, long[][]> c : counts.entrySet()) {
                    long flips = c.getValue()[0][l], tp = c.getValue()[1][l], predicted = c.getValue()[2][l];
                    Wilson w = Wilson.interval95(n[l] - flips, n[l]);
                    figures.put(c.getKey(), new SliceResult.Figures(flips, 1 - (double) flips / n[l], w.low(),
                            w.high(), labels == null || predicted == 0 ? null : (double) tp / predicted,
                            labels == null || positives[l] == 0 ? null : (double) tp / positives[l]));
                }
                out.add(new SliceResult(column.name(), column.levels().get(l), n[l],
                        labels == null ? null : positives[l], figures));
            }
        }
        return out;
    }

    /** Per level: flips, true positives, predicted positives. */
    private static long[][] count(SampleInfo.SliceColumn column, boolean[] verdicts, boolean[] reference,
                                  boolean[] labels) {
        int levels = column.levels().size();
        long[][] c = new long[3][levels];
        for (int i = 0; i < verdicts.length; i++) {
            int l = column.codes()[i];
            if (verdicts[i] != reference[i]) c[0][l]++;
            if (verdicts[i]) {
                c[2][l]++;
                if (labels != null && labels[i]) c[1][l]++;
            }
        }
        return c;
    }
}
