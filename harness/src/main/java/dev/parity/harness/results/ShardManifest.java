package dev.parity.harness.results;

import java.util.List;
import java.util.Map;

/**
 * shard.json: what one shard of an evaluation scored, and everything {@code parity merge} checks before joining
 * shards (same tool, spec, dataset and model files; samples covered exactly once). Scores live beside it in
 * scores/&lt;n&gt;.f32 (float32, little-endian, one per sample of the shard, variants in spec order). Every run
 * folder holds one too, as shard 1/1, so that {@code parity bench} can decide again with its figures.
 */
public record ShardManifest(int schemaVersion, String toolVersion, String specName, String specSha256,
                            String inputsSha256, long samples, int shardIndex, int shardCount, long first, long end,
                            int batchSize, long startedAtMillis, double durationSeconds, List<Entry> variants,
                            Map<String, MadeVariant> made) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * @param artifactSha256 the model file this shard ran (null for served variants)
     * @param scoresFile     relative to the shard folder; null unless the variant ran
     * @param host           how its runtime ran on the shard's host (worker process and mode), or null
     */
    public record Entry(String name, VariantStatus status, String reason, String runtimeVersion, String executionProvider,
                        long inferenceNanos, long computedSamples, String artifact, String artifactSha256,
                        String scoresFile, String scoresSha256, String host) {
    }
}
