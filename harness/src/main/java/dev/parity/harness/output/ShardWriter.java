package dev.parity.harness.output;

import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.MadeVariant;
import dev.parity.harness.run.Shard;
import dev.parity.harness.run.ShardManifest;
import dev.parity.harness.run.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a shard's scores and manifest, all-or-nothing, for {@code parity merge} to join. */
public final class ShardWriter {
    private ShardWriter() {
    }

    /** A shard's own folder: the manifest and the scores, nothing else. */
    public static ShardManifest write(Evaluation.Scored s, Path outDir) throws IOException {
        double seconds = (System.currentTimeMillis() - s.startedAtMillis()) / 1000.0;
        try (OutputFolder folder = new OutputFolder(outDir, "--out")) {
            ShardManifest m = writeInto(folder, s.spec(), s.samples(), s.variants(), s.made(), s.artifactShas(),
                    s.startedAtMillis(), seconds, s.shard());
            folder.commit();
            return m;
        }
    }

    /** Writes shard.json and scores/ into a folder being staged (a shard's, or a whole run's as shard 1/1). */
    static ShardManifest writeInto(OutputFolder folder, ResolvedSpec spec, long samples, List<VariantScores> variants,
                                   Map<String, MadeVariant> made, Map<String, String> knownShas, long startedAtMillis,
                                   double durationSeconds, Shard shard) throws IOException {
        List<ShardManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            VariantScores v = variants.get(i);
            String file = null, sha = null;
            if (v.ok()) {
                file = "scores/" + i + ".f32";
                ByteBuffer b = ByteBuffer.allocate(4 * v.scores().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v.scores());
                folder.bytes(file, b.array());
                sha = Hashing.sha256(b.array());
            }
            Path artifact = v.variant().artifact();
            String artifactSha = knownShas.get(v.variant().name());
            if (artifactSha == null && artifact != null && Files.isRegularFile(artifact)) {
                artifactSha = Hashing.sha256(artifact);
            }
            entries.add(new ShardManifest.Entry(v.variant().name(), v.status().name().toLowerCase(Locale.ROOT),
                    v.reason(), v.runtimeVersion(), v.executionProvider(), v.inferenceNanos(), v.computedSamples(),
                    artifact == null ? null : artifact.toString(), artifactSha, file, sha));
        }
        ShardManifest m = new ShardManifest(ShardManifest.SCHEMA_VERSION, ToolVersion.get(), spec.name(),
                Files.isRegularFile(spec.source()) ? Hashing.sha256(spec.source()) : null, // compare has no file
                Hashing.sha256(spec.inputs()), samples, shard.index(), shard.count(),
                shard.first(samples), shard.end(samples), spec.batchSize(), startedAtMillis, durationSeconds, entries,
                made);
        folder.write(ShardManifest.FILE, Json.MAPPER.writeValueAsString(m));
        return m;
    }
}
