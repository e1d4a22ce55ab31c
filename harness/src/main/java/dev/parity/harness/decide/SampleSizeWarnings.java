package dev.parity.harness.decide;

import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateName;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.Gates;
import dev.parity.metrics.ConfusionMatrix;
import dev.parity.metrics.Wilson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a gate can tell at this sample size, said up front: a gate whose allowance is zero or one error is decided
 * by a single sample, and a precision target met on the sample but not by its confidence interval is met by luck.
 */
final class SampleSizeWarnings {
    /** Below this many flips allowed, the agreement gate is called fragile even when it allows more than one. */
    static final int FEW = 5;
    /** A fitted threshold whose recall is under this share of the positives is warned about. */
    static final double LOW_RECALL = 0.25;

    private SampleSizeWarnings() {
    }

    static List<String> of(EvaluationResult r) {
        Gates g = r.spec().gates();
        long n = r.samples();
        List<String> out = new ArrayList<>();
        if (r.multiHead()) {
            // each head's warnings, as a binary run of its own says them
            for (EvaluationResult.Head h : r.heads()) {
                for (String w : of(h.result())) out.add("head '" + h.name() + "': " + w);
            }
            return out;
        }
        if (r.multiClass()) {
            agreement(out, GateName.MIN_TOP1_AGREEMENT, g.limit(GateName.MIN_TOP1_AGREEMENT), n,
                    "sample(s) changing class");
            return out;
        }
        agreement(out, GateName.MIN_AGREEMENT, g.limit(GateName.MIN_AGREEMENT), n, VERDICTS);
        agreement(out, GateName.MIN_AGREEMENT_RECALIBRATED, g.limit(GateName.MIN_AGREEMENT_RECALIBRATED), n,
                VERDICTS);
        ConfusionMatrix ref = r.operatingPoint().matrix();
        if (r.labels() == null || ref == null) return out;
        long positives = ref.tp() + ref.fn(), predicted = ref.tp() + ref.fp();
        if (positives < 30) {
            out.add("Only " + positives + " positive labels: precision and recall gates rest on very few samples "
                    + "(see their confidence intervals).");
        }
        long misses = allowance(positives, g.limit(GateName.MAX_RECALL_DROP));
        if (misses <= 1) {
            out.add(String.format(Locale.ROOT, "%s %s with %d positives allows %d missed positive(s) beyond the "
                    + "reference's: %s.", GateName.MAX_RECALL_DROP, Format.num(g.limit(GateName.MAX_RECALL_DROP)), positives, misses,
                    misses == 0 ? "any single miss fails it" : "two misses fail it"));
        }
        long extra = allowance(predicted, g.limit(GateName.MAX_PRECISION_DROP));
        if (extra <= 1) {
            out.add(String.format(Locale.ROOT, "%s %s with %d predicted positives allows about %d extra false "
                    + "positive(s): a single sample decides it.", GateName.MAX_PRECISION_DROP,
                    Format.num(g.limit(GateName.MAX_PRECISION_DROP)), predicted, extra));
        }
        if (r.spec().fixedThreshold() == null && predicted > 0) {
            Wilson w = Wilson.interval95(ref.tp(), predicted);
            if (w.low() < r.spec().targetPrecision()) {
                out.add(String.format(Locale.ROOT, "The reference's precision %s at its threshold meets "
                        + "target_precision %s on this sample, but its Wilson 95%% interval (%s to %s, %d predicted "
                        + "positives) reaches below the target: with more data the threshold could fall short.",
                        Format.num(ref.precision()), Format.num(r.spec().targetPrecision()), Format.num(w.low()),
                        Format.num(w.high()), predicted));
            }
            if (positives > 0 && ref.tp() < LOW_RECALL * positives) {
                // reachable is not useful: a strict target can leave a threshold that flags almost nothing
                out.add(String.format(Locale.ROOT, "At target_precision %s the reference's threshold finds %d of the "
                        + "%d positives (recall %s%%, under %d%%): the operating point flags few positives; check that "
                        + "this target is the one deployed, or lower it.", Format.num(r.spec().targetPrecision()),
                        ref.tp(), positives, Format.num(100.0 * ref.tp() / positives), Math.round(100 * LOW_RECALL)));
            }
        }
        return out;
    }

    private static final String VERDICTS = "disagreeing verdict(s)";

    /** @param what what the gate allows a few of, e.g. "disagreeing verdict(s)" */
    private static void agreement(List<String> out, GateName gate, double limit, long n, String what) {
        long flips = allowance(n, 1 - limit);
        if (flips <= 1) {
            out.add(String.format(Locale.ROOT, "%s %s with %d samples allows %d %s: %s decides "
                    + "the gate; use more data for a firmer answer.", gate, Format.pct(limit), n, flips, what,
                    flips == 0 ? "any one sample" : "a second sample"));
        } else if (flips < FEW) {
            out.add(String.format(Locale.ROOT, "With %d samples the %s gate (>= %s) allows only %d %s: a handful of "
                    + "samples decides it; use more data for a firmer answer.", n, gate, Format.pct(limit), flips,
                    what));
        }
    }

    /** Errors allowed out of {@code n} by a fraction, rounding as the gate compares (a hair of slack for 0.01). */
    private static long allowance(long n, double fraction) {
        return (long) Math.floor(n * fraction + 1e-9);
    }
}
