package dev.parity.harness.run;

import dev.parity.common.AtomicFiles;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.spec.ResolvedSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Scores stored chunk by chunk while a run goes, so that a run killed at any point can resume with only the
 * missing chunks recomputed. Entries are keyed by everything that decides the scores (model and dataset hashes,
 * preprocessing, runtime settings, batch size, score extraction, tool version). Each chunk file carries its
 * range and a CRC32; a truncated or corrupt chunk fails the check and is recomputed, never trusted.
 */
public final class ScoreCache {
    private static final int MAGIC = 0x50534331; // "PSC1"
    private static final int HEADER = 4 + 8 + 4;

    private final Path root;

    public ScoreCache(Path root) {
        this.root = root;
    }

    /**
     * The cache key of one variant's scores under this spec.
     *
     * @param artifact the model file the variant runs (for a made variant, the made file)
     */
    public static String key(ResolvedSpec spec, ResolvedSpec.Variant v, Path artifact, String datasetSha,
                             String toolVersion) {
        return Hashing.sha256(String.join("|", v.name(), v.runtime().label(), v.device().toString(),
                Hashing.sha256(artifact), datasetSha, spec.preprocessingOf(v).fingerprint(), spec.contract().inputName(),
                spec.contract().inputType().label(), spec.contract().outputName(), spec.scoreFingerprint(),
                String.valueOf(spec.batchSize()), String.valueOf(spec.threads()), String.valueOf(v.cpuIsa()),
                toolVersion)).substring(0, 24);
    }

    /** Every intact chunk stored under the key, by start index; corrupt ones are deleted and left out. */
    public Map<Long, float[]> load(String key) {
        Map<Long, float[]> chunks = new HashMap<>();
        Path dir = root.resolve(key);
        if (!Files.isDirectory(dir)) return chunks;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".scores")).toList()) {
                float[] scores = read(f);
                if (scores == null) {
                    Files.deleteIfExists(f);
                    continue;
                }
                chunks.put(startOf(f), scores);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the score cache " + dir, e);
        }
        return chunks;
    }

    /** Stores scores[offset, offset + count) as the chunk starting at sample {@code start}. */
    public void store(String key, long start, float[] scores, int offset, int count) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + 4 * count + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(start).putInt(count);
        for (int i = 0; i < count; i++) b.putFloat(scores[offset + i]);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putLong(crc.getValue());
        try {
            AtomicFiles.write(root.resolve(key).resolve(start + ".scores"), b.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the score cache under " + root, e);
        }
    }

    /** The chunk's scores, or null when its size, header or checksum is wrong. */
    static float[] read(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        if (bytes.length < HEADER + 8) return null;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC) return null;
        long start = b.getLong();
        int count = b.getInt();
        if (count < 0 || bytes.length != HEADER + 4L * count + 8 || start != startOf(f)) return null;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, HEADER + 4 * count);
        if (b.getLong(HEADER + 4 * count) != crc.getValue()) return null;
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = b.getFloat(HEADER + 4 * i);
        return out;
    }

    private static long startOf(Path f) {
        String n = f.getFileName().toString();
        try {
            return Long.parseLong(n.substring(0, n.indexOf('.')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
