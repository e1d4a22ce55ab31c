package dev.parity.harness.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything scoring produced, before any comparison: what a shard writes, what {@code parity merge} joins, and what
 * a run folder keeps (as shard 1/1) so that a later benchmark can decide again.
 *
 * @param samples         samples in the whole dataset (a shard's scores cover only its slice)
 * @param info            labels, ids and slices of the whole dataset; {@link SampleInfo#NONE} in a shard, which
 *                        does not need them
 * @param variants        one per spec variant, in spec order
 * @param made            how each variant Parity made was made, by variant name
 * @param artifacts       the model file each local variant ran, by name (for made variants, the made file)
 * @param artifactShas    SHA-256 of model files already known (merged shards), by name; others are hashed on demand
 * @param durationSeconds how long the run took when it is already over (a reloaded run), else null
 */
public record ScoredRun(long samples, long[] inputShape, String inputDtype, SampleInfo info,
                        List<VariantScores> variants, Map<String, MadeVariant> made, Map<String, Path> artifacts,
                        Map<String, String> artifactShas, long startedAtMillis, Double durationSeconds, Shard shard) {

    public ScoredRun {
        variants = List.copyOf(variants);
        info = info == null ? SampleInfo.NONE : info;
        made = Map.copyOf(made);
        artifacts = Map.copyOf(artifacts);
        artifactShas = Map.copyOf(artifactShas);
    }

    /** Ground truth for the whole dataset; null without labels. */
    public boolean[] labels() {
        return info.labels();
    }

    /** The named variant's outcome. */
    public VariantScores variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no variant '" + name + "' in this run"));
    }
}
