package dev.parity.harness.decide;

import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Recommendation;
import dev.parity.harness.results.Speed;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.SpeedSource;
import dev.parity.harness.spec.ResolvedSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rule ({@link Recommendation#RULE}): among the candidates that pass every gate, the fastest ships; speed
 * decides only when it is real (parity bench, or a probe of each candidate alone), and candidates whose speed
 * intervals overlap the fastest one's are tied, the tie going to the candidate closest to the reference (fewest
 * flipped verdicts, then smallest p99 |score difference|, then spec order). Without any speed figure the closest
 * candidate other than the reference ships (the reference only when no other passes).
 */
final class Recommender {
    static final String BENCH = "parity bench";
    static final String PROBE = "speed probe";
    static final String NONE = "none";

    private Recommender() {
    }

    static Recommendation recommend(EvaluationResult r, List<GateResult> gates, BenchFigures bench, SpeedSource probe) {
        ResolvedSpec spec = r.spec();
        boolean latency = spec.objective() == ResolvedSpec.Objective.P99_LATENCY;
        Map<String, String> failed = failures(r, gates);
        List<String> candidates = new ArrayList<>();
        for (VariantScores v : r.variants()) {
            if (v.ok() && !failed.containsKey(v.name()) && !r.specOf(v).remote() && !r.specOf(v).informational()) {
                candidates.add(v.name());
            }
        }
        Map<String, Speed> speed;
        String source;
        if (bench.present()) {
            speed = fromBench(bench, candidates, spec.batchSize(), latency);
            source = BENCH;
        } else {
            speed = new LinkedHashMap<>(probe.measure(candidates, latency));
            source = speed.isEmpty() ? NONE : PROBE;
        }
        Comparator<String> closest = Comparator.<String>comparingLong(n -> r.comparisons().get(n).flips())
                .thenComparingDouble(n -> drift(r.comparisons().get(n)))
                .thenComparingInt(candidates::indexOf);
        String fastest = candidates.stream().filter(speed::containsKey)
                .min(Comparator.comparingDouble(n -> latency ? speed.get(n).value() : -speed.get(n).value()))
                .orElse(null);
        // without any speed figure the closest candidate ships, and the reference, trivially closest to itself, only
        // when no other candidate passed: --speed-probe-ms 0 skips the probe, it does not pick the reference
        List<String> others = candidates.stream().filter(n -> !n.equals(spec.reference())).toList();
        List<String> tied = fastest == null ? (others.isEmpty() ? candidates : others)
                : candidates.stream().filter(n -> speed.containsKey(n) && speed.get(n).overlaps(speed.get(fastest)))
                .toList();
        String best = tied.stream().min(closest).orElse(spec.reference());

        // alarming only when there were other candidates and every one failed; a spec that checks served
        // deployments of its reference has no other candidate, and shipping the reference is simply the answer
        List<String> ranOthers = r.variants().stream().filter(VariantScores::ok).map(VariantScores::name)
                .filter(n -> !n.equals(spec.reference()) && !r.specOf(r.scored().variant(n)).remote()).toList();
        boolean noneQualified = best.equals(spec.reference()) && !ranOthers.isEmpty()
                && ranOthers.stream().allMatch(failed::containsKey);
        Comparison chosen = r.comparisons().get(best);

        Reasons reasons = new Reasons(r, failed, speed, source, latency, best, tied, fastest);
        Map<String, String> stable = new LinkedHashMap<>(), detailed = new LinkedHashMap<>();
        for (VariantScores v : r.variants()) {
            if (v.name().equals(best)) continue;
            String[] why = reasons.of(v);
            stable.put(v.name(), why[0]);
            detailed.put(v.name(), why[1]);
        }
        Speed figure = speed.get(best);
        // a multi-class decision is the top class: there is no threshold to ship
        boolean binary = chosen.recalibration() != null;
        return new Recommendation(best, binary ? chosen.recalibration().threshold() : Double.NaN,
                binary && chosen.recalibration().thresholdChanged(),
                spec.objective().label(), figure == null ? null : figure.value(), source, noneQualified,
                Recommendation.RULE, stable, detailed, speed);
    }

    /** Every failed gate of each variant, in one phrase per variant. */
    private static Map<String, String> failures(EvaluationResult r, List<GateResult> gates) {
        Map<String, String> failed = new LinkedHashMap<>();
        for (VariantScores v : r.variants()) {
            List<String> fails = gates.stream()
                    .filter(x -> x.variant().equals(v.name()) && x.status() == GateResult.Status.FAIL)
                    .map(x -> x.name() + ": " + x.detail()).toList();
            // every failed gate, not the first: an overflow that also costs agreement must show as both
            if (!fails.isEmpty()) {
                failed.put(v.name(), fails.size() == 1 ? "the gate " + fails.get(0)
                        : fails.size() + " gates: " + String.join("; ", fails));
            }
        }
        return failed;
    }

    private static Map<String, Speed> fromBench(BenchFigures bench, List<String> candidates, int batch,
                                                boolean latency) {
        Map<String, Speed> out = new LinkedHashMap<>();
        for (String n : candidates) {
            bench.at(n, batch).ifPresent(f -> {
                if (!latency) out.put(n, Speed.withError(f.samplesPerSecond(), f.samplesPerSecondError(), 0));
                else if (f.p99Ms() != null) out.put(n, new Speed(f.p99Ms(), f.p99Ms(), f.p99Ms(), 0));
            });
        }
        return out;
    }

    /** p99 |score difference|, NaN (nothing compared) counting as far. */
    static double drift(Comparison c) {
        double p99 = c.drift().p99Absolute();
        return Double.isNaN(p99) ? Double.MAX_VALUE : p99;
    }

    /** The sentence for each variant that does not ship: stable (no timed numbers) and detailed. */
    private record Reasons(EvaluationResult r, Map<String, String> failed, Map<String, Speed> speed, String source,
                           boolean latency, String best, List<String> tied, String fastest) {

        String[] of(VariantScores v) {
            String name = v.name();
            if (!v.ok()) return same(v.status().label() + " here: " + v.reason());
            if (failed.containsKey(name)) {
                return same("fails " + failed.get(name) + (r.specOf(v).informational()
                        ? " (informational: reported, not counted)." : "."));
            }
            if (r.specOf(v).informational()) {
                return same("informational (informational: true in the spec): evaluated and reported, never shipped.");
            }
            if (r.specOf(v).remote()) {
                return same("a served model (" + r.specOf(v).runtime() + "), checked against the reference and "
                        + "passing every gate; it is a deployment being verified, not a candidate to ship.");
            }
            if (speed.isEmpty() && name.equals(r.spec().reference())) {
                return same("the reference; with no speed figure to compare (no benchmark, no speed probe), the rule "
                        + "ships the passing candidate closest to it, " + best + " (" + closeness(best) + ").");
            }
            if (speed.isEmpty()) {
                return same("passes every gate; with no speed figure to compare (no benchmark, no speed probe), the "
                        + "rule ships the candidate closest to the reference, " + best + " (" + closeness(best)
                        + " vs " + closeness(name) + ").");
            }
            if (!speed.containsKey(name)) {
                return same("passes every gate but has no speed figure (" + source + " could not measure it).");
            }
            if (tied.contains(name)) {
                String stable = "passes every gate and is as fast as " + best + " within noise; " + best
                        + " is closer to the reference (" + closeness(best) + " vs " + closeness(name) + ").";
                String detailed = "passes every gate and is as fast as " + best + " within noise (" + figure(name)
                        + " vs " + figure(best) + ", " + source + "); " + best + " is closer to the reference ("
                        + closeness(best) + " vs " + closeness(name) + ").";
                return new String[] {stable, detailed};
            }
            String stable = "passes every gate but is " + (latency ? "slower at p99" : "slower") + " than " + fastest
                    + " beyond the noise (" + source + "; this run's figures are under run in summary.json).";
            String detailed = "passes every gate but is " + (latency ? "slower at p99" : "slower") + ": " + figure(name)
                    + " vs " + figure(fastest) + " (" + source + ")" + (fastest.equals(best) ? ""
                    : "; " + fastest + " was as fast as " + best + ", which is closer to the reference") + ".";
            return new String[] {stable, detailed};
        }

        private static String[] same(String s) {
            return new String[] {s, s};
        }

        private String closeness(String n) {
            Comparison c = r.comparisons().get(n);
            return c.flips() + (c.classes() != null ? " sample(s) changed class" : " flipped") + ", p99 |diff| "
                    + Format.num(c.drift().p99Absolute());
        }

        private String figure(String n) {
            Speed s = speed.get(n);
            String unit = latency ? " ms p99" : " samples/s";
            return String.format(Locale.ROOT, "%s [%s–%s]%s", Format.num(s.value()), Format.num(s.low()),
                    Format.num(s.high()), unit);
        }
    }
}
