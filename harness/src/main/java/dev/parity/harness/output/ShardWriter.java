package dev.parity.harness.output;

import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.ShardManifest;
import dev.parity.harness.run.VariantScores;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a shard's scores and manifest, all-or-nothing, for {@code parity merge} to join. */
public final class ShardWriter {
    private ShardWriter() {
    }

    public static ShardManifest write(Evaluation.Scored s, Path outDir) throws IOException {
        try (OutputFolder folder = new OutputFolder(outDir)) {
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
                Path artifact = v.variant().artifact();
                entries.add(new ShardManifest.Entry(v.variant().name(), v.status().name().toLowerCase(Locale.ROOT),
                        v.reason(), v.runtimeVersion(), v.executionProvider(), v.inferenceNanos(), v.computedSamples(),
                        artifact == null ? null : artifact.toString(),
                        artifact == null || !Files.isRegularFile(artifact) ? null : Hashing.sha256(artifact),
                        file, sha));
            }
            ShardManifest m = new ShardManifest(ShardManifest.SCHEMA_VERSION, ToolVersion.get(), s.spec().name(),
                    Hashing.sha256(s.spec().source()), Hashing.sha256(s.spec().inputs()), s.samples(),
                    s.shard().index(), s.shard().count(), s.shard().first(s.samples()), s.shard().end(s.samples()),
                    s.spec().batchSize(), s.startedAtMillis(), entries, s.made());
            folder.write(ShardManifest.FILE, Json.MAPPER.writeValueAsString(m));
            folder.commit();
            return m;
        }
    }
}
