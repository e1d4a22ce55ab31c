package dev.parity.harness.output;

import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.ShardManifest;
import dev.parity.harness.results.ToolVersion;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a shard's scores and manifest, all-or-nothing, for {@code parity merge} to join. */
public final class ShardWriter {
    private ShardWriter() {
    }

    /** A shard's own folder: the manifest and the scores, nothing else. */
    public static ShardManifest write(ResolvedSpec spec, ScoredRun s, Path outDir) throws IOException {
        double seconds = (System.currentTimeMillis() - s.startedAtMillis()) / 1000.0;
        try (OutputFolder folder = new OutputFolder(outDir, "--out")) {
            ShardManifest m = writeInto(folder, spec, s, seconds);
            folder.commit();
            return m;
        }
    }

    /** Writes shard.json and scores/ into a folder being staged (a shard's, or a whole run's as shard 1/1). */
    static ShardManifest writeInto(OutputFolder folder, ResolvedSpec spec, ScoredRun s, double durationSeconds)
            throws IOException {
        List<ShardManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < s.variants().size(); i++) {
            VariantScores v = s.variants().get(i);
            String file = null, sha = null;
            if (v.ok()) {
                file = "scores/" + i + ".f32";
                ByteBuffer b = ByteBuffer.allocate(4 * v.scores().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v.scores());
                folder.bytes(file, b.array());
                sha = Hashing.sha256(b.array());
            }
            Path artifact = s.artifacts().get(v.name());
            String artifactSha = s.artifactShas().get(v.name());
            if (artifactSha == null && artifact != null && Files.isRegularFile(artifact)) {
                artifactSha = Hashing.sha256(artifact);
            }
            entries.add(new ShardManifest.Entry(v.name(), v.status(), v.reason(), v.runtimeVersion(),
                    v.executionProvider(), v.inferenceNanos(), v.computedSamples(),
                    artifact == null ? null : artifact.toString(), artifactSha, file, sha, v.host()));
        }
        Shard shard = s.shard();
        ShardManifest m = new ShardManifest(ShardManifest.SCHEMA_VERSION, ToolVersion.get(), spec.name(),
                Files.isRegularFile(spec.source()) ? Hashing.sha256(spec.source()) : null, // compare has no file
                dev.parity.harness.run.DatasetHash.of(spec), s.samples(), shard.index(), shard.count(),
                shard.first(s.samples()), shard.end(s.samples()), spec.batchSize(), s.startedAtMillis(),
                durationSeconds, entries, s.made());
        folder.write(RunFolder.SHARD, RunFileCodec.text(m));
        return m;
    }
}
