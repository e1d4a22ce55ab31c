package dev.parity.harness.run;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.MadeVariant;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.ClassScores;
import dev.parity.metrics.Verdicts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs of one spec on one dataset made on different hosts, joined into one comparison: every variant appears once per
 * host as {@code variant@host}, the first host's reference is the reference, and each host's runs are checked to
 * belong together as shards are (same tool version, spec, dataset and model files).
 */
public final class HostJoin {
    private HostJoin() {
    }

    /** The joined spec and scores. */
    public record Joined(ResolvedSpec spec, ScoredRun scored) {
    }

    /**
     * One variant on another host against itself on the first: verdict flips at the reference threshold and the
     * largest score difference over samples finite on both; null figures when it did not run on both.
     */
    public record HostDrift(String variant, String host, String firstHost, Long flips, Double maxAbsDiff) {
    }

    /** Every variant on every other host against itself on the first host, in spec order. */
    public static List<HostDrift> acrossHosts(ResolvedSpec original, List<String> hosts, EvaluationResult r) {
        double t = r.threshold();
        List<HostDrift> out = new ArrayList<>();
        for (ResolvedSpec.Variant v : original.variants()) {
            VariantScores base = r.scored().variant(v.name() + "@" + hosts.get(0));
            for (String h : hosts.subList(1, hosts.size())) {
                VariantScores other = r.scored().variant(v.name() + "@" + h);
                if (base == null || other == null || !base.ok() || !other.ok()) {
                    out.add(new HostDrift(v.name(), h, hosts.get(0), null, null));
                    continue;
                }
                long flips = 0;
                if (r.multiHead()) {
                    // each head's verdicts at its own reference threshold, every head's flips added up
                    int w = original.scoreWidth();
                    for (int j = 0; j < w; j++) {
                        double ht = r.heads().get(j).result().threshold();
                        for (int i = 0; i < base.scores().length / w; i++) {
                            if ((base.scores()[i * w + j] >= ht) != (other.scores()[i * w + j] >= ht)) flips++;
                        }
                    }
                } else if (r.multiClass()) {
                    // a multi-class decision is the top class: a flip is a sample whose class differs
                    int k = original.scoreWidth();
                    int[] x = new ClassScores(base.scores(), k).top1(), y = new ClassScores(other.scores(), k).top1();
                    for (int i = 0; i < x.length; i++) if (x[i] != y[i] || x[i] == ClassScores.NONE) flips++;
                } else {
                    boolean[] x = Verdicts.at(base.scores(), t), y = Verdicts.at(other.scores(), t);
                    for (int i = 0; i < x.length; i++) if (x[i] != y[i]) flips++;
                }
                double max = 0;
                for (int i = 0; i < base.scores().length; i++) {
                    double d = Math.abs((double) base.scores()[i] - other.scores()[i]);
                    if (d > max) max = d; // NaN on either side compares false: left out
                }
                out.add(new HostDrift(v.name(), h, hosts.get(0), flips, max));
            }
        }
        return out;
    }

    /**
     * @param runs  whole-run folders (each holds shard.json as shard 1/1)
     * @param hosts one label per run, e.g. the folder names
     * @param hostOf how each run's host ran each variant, by run (variant -> host text), for provenance
     */
    public static Joined join(ResolvedSpec spec, List<Path> runs, List<String> hosts,
                              List<Map<String, String>> hostOf) {
        if (runs.size() < 2) throw new ParityInputException("give two run folders or more to join");
        if (hosts.size() != runs.size() || hosts.stream().distinct().count() != hosts.size()) {
            throw new ParityInputException("give one distinct host name per run folder; found " + hosts);
        }
        List<ResolvedSpec.Variant> variants = new ArrayList<>();
        List<VariantScores> scored = new ArrayList<>();
        Map<String, Path> artifacts = new HashMap<>();
        Map<String, String> shas = new HashMap<>();
        Map<String, MadeVariant> made = new LinkedHashMap<>();
        ScoredRun first = null;
        for (int i = 0; i < runs.size(); i++) {
            ScoredRun r = ShardMerge.join(spec, List.of(runs.get(i)));
            if (first == null) first = r;
            String host = hosts.get(i);
            for (ResolvedSpec.Variant v : spec.variants()) {
                String name = v.name() + "@" + host;
                variants.add(v.withName(name));
                VariantScores s = r.variant(v.name());
                String how = hostOf.get(i).get(v.name());
                scored.add(new VariantScores(name, s.status(), s.reason(), s.scores(), s.runtimeVersion(),
                        s.executionProvider(), s.inferenceNanos(), s.computedSamples(),
                        how == null ? s.host() : how, -1));
                if (r.artifacts().containsKey(v.name())) artifacts.put(name, r.artifacts().get(v.name()));
                if (r.artifactShas().containsKey(v.name())) shas.put(name, r.artifactShas().get(v.name()));
                if (r.made().containsKey(v.name())) made.put(name, r.made().get(v.name()));
            }
        }
        String reference = spec.reference() + "@" + hosts.get(0);
        ResolvedSpec joinedSpec = spec.withVariants(variants).withReference(reference);
        ScoredRun joined = new ScoredRun(first.samples(), first.inputShape(), first.inputDtype(), first.info(), scored,
                made, artifacts, shas, first.startedAtMillis(), first.durationSeconds(), Shard.WHOLE);
        return new Joined(joinedSpec, joined);
    }
}
