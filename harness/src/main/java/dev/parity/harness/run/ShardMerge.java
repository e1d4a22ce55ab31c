package dev.parity.harness.run;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleInfoLoader;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.MadeVariant;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.ShardManifest;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.spec.ResolvedSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the shards of one evaluation into the scores of a single run, after checking that they belong together:
 * the same tool version, spec, dataset and model files, and every sample covered by exactly one shard.
 */
public final class ShardMerge {
    private ShardMerge() {
    }

    public static ScoredRun join(ResolvedSpec spec, List<Path> shardDirs) {
        if (shardDirs.isEmpty()) throw new ParityInputException("give the shard folders to merge");
        List<Loaded> shards = new ArrayList<>();
        for (Path dir : shardDirs) shards.add(new Loaded(dir, read(dir)));
        String specSha = Hashing.sha256(spec.source());
        String inputsSha = DatasetHash.of(spec);
        ShardManifest head = shards.get(0).m;
        for (Loaded s : shards) {
            ShardManifest m = s.m;
            same(s, "tool version", head.toolVersion(), m.toolVersion(), shards.get(0));
            if (!specSha.equals(m.specSha256())) {
                throw new ParityInputException(s.dir + ": this shard ran a different spec (SHA-256 " + m.specSha256()
                        + ") than " + spec.source() + " (" + specSha + ")");
            }
            if (!inputsSha.equals(m.inputsSha256())) {
                throw new ParityInputException(s.dir + ": this shard scored a different dataset (SHA-256 "
                        + m.inputsSha256() + ") than " + spec.inputs() + " (" + inputsSha + ")");
            }
            same(s, "shard count", head.shardCount(), m.shardCount(), shards.get(0));
            same(s, "batch size", head.batchSize(), m.batchSize(), shards.get(0));
            Shard expected = new Shard(m.shardIndex(), m.shardCount());
            if (m.samples() != head.samples() || m.first() != expected.first(m.samples())
                    || m.end() != expected.end(m.samples())) {
                throw new ParityInputException(s.dir + ": shard " + expected + " claims samples " + m.first() + ".."
                        + (m.end() - 1) + " of " + m.samples() + "; it should hold " + expected.first(head.samples())
                        + ".." + (expected.end(head.samples()) - 1) + " of " + head.samples());
            }
        }
        long[] inputShape;
        String inputDtype;
        SampleInfo info;
        try (SampleSource inputs = DataSources.open(spec)) {
            if (head.samples() != inputs.rows()) {
                throw new ParityInputException(shards.get(0).dir + ": the shards claim " + head.samples()
                        + " samples but " + spec.inputs() + " has " + inputs.rows());
            }
            inputShape = inputs.shape();
            inputDtype = inputs.elementType();
            info = SampleInfoLoader.load(spec, inputs);
        }
        requireCoverage(shards, head);
        List<String> names = spec.variants().stream().map(ResolvedSpec.Variant::name).toList();
        for (Loaded s : shards) {
            List<String> theirs = s.m.variants().stream().map(ShardManifest.Entry::name).toList();
            if (!theirs.equals(names)) {
                throw new ParityInputException(s.dir + ": this shard has variants " + theirs + ", the spec " + names);
            }
        }
        int width = spec.scoreWidth();
        MemoryBudget.require(head.samples(), names.size() * width, "merging " + shards.size() + " shard(s)");
        int n = Math.toIntExact(head.samples());
        List<VariantScores> scored = new ArrayList<>();
        Map<String, Path> artifacts = new HashMap<>();
        Map<String, String> shas = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ResolvedSpec.Variant v = spec.variants().get(i);
            Joined j = joinVariant(shards, i, v, n, width);
            scored.add(j.scores);
            if (j.sha != null) shas.put(v.name(), j.sha);
            // a made variant's file is where the shard made it; a given one is the spec's
            Path artifact = v.made() ? (j.artifact == null ? null : Path.of(j.artifact)) : v.artifact();
            if (artifact != null) artifacts.put(v.name(), artifact);
        }
        Map<String, MadeVariant> made = head.made() == null ? Map.of() : head.made();
        long started = shards.stream().mapToLong(s -> s.m.startedAtMillis()).min().orElseThrow();
        // one whole run read back keeps its own duration; joined shards took until now
        Double seconds = head.shardCount() == 1 ? head.durationSeconds() : null;
        return new ScoredRun(n, inputShape, inputDtype, info, scored, made, artifacts, shas, started, seconds,
                Shard.WHOLE);
    }

    private record Loaded(Path dir, ShardManifest m) {
    }

    private record Joined(VariantScores scores, String sha, String artifact) {
    }

    private static ShardManifest read(Path dir) {
        Path file = new RunFolder(dir).shard();
        if (!Files.isRegularFile(file)) {
            throw new ParityInputException(file + ": not found; give the folders that 'parity eval --shard i/n' wrote");
        }
        return RunFileCodec.readShard(file);
    }

    private static void same(Loaded s, String what, Object expected, Object found, Loaded first) {
        if (!expected.equals(found)) {
            throw new ParityInputException(s.dir + ": " + what + " " + found + " differs from " + first.dir + "'s "
                    + expected + "; shards of one run share it");
        }
    }

    /** Every shard index 1..count exactly once, so every sample is covered exactly once. */
    private static void requireCoverage(List<Loaded> shards, ShardManifest head) {
        Map<Integer, Path> byIndex = new TreeMap<>();
        for (Loaded s : shards) {
            Path earlier = byIndex.put(s.m.shardIndex(), s.dir);
            if (earlier != null) {
                throw new ParityInputException("shard " + s.m.shardIndex() + "/" + s.m.shardCount() + " is given twice ("
                        + earlier + " and " + s.dir + "): its samples would count twice");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= head.shardCount(); i++) {
            if (!byIndex.containsKey(i)) {
                Shard sh = new Shard(i, head.shardCount());
                missing.add(sh + " (samples " + sh.first(head.samples()) + ".." + (sh.end(head.samples()) - 1) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new ParityInputException("missing shard(s) " + String.join(", ", missing) + " of " + head.samples()
                    + " samples; every sample must be scored exactly once");
        }
    }

    /** @param width scores per sample: K of a multi-class score, else 1 */
    private static Joined joinVariant(List<Loaded> shards, int i, ResolvedSpec.Variant v, int n, int width) {
        String sha = null, artifact = null, version = null, provider = null, host = null;
        Loaded shaFrom = null;
        long nanos = 0, computed = 0;
        float[] scores = new float[Math.multiplyExact(n, width)];
        VariantStatus status = VariantStatus.OK;
        String reason = null;
        List<String> reasons = new ArrayList<>();
        for (Loaded s : shards.stream().sorted(Comparator.comparingInt(x -> x.m.shardIndex())).toList()) {
            ShardManifest.Entry e = s.m.variants().get(i);
            if (e.artifactSha256() != null) {
                if (sha != null && !sha.equals(e.artifactSha256())) {
                    throw new ParityInputException("variant '" + v.name() + "' ran different model files in "
                            + shaFrom.dir + " (SHA-256 " + sha + ") and " + s.dir + " (" + e.artifactSha256()
                            + "); shards must score the same models");
                }
                sha = e.artifactSha256();
                shaFrom = s;
                artifact = e.artifact();
            }
            VariantStatus st = e.status();
            if (st != VariantStatus.OK) {
                reasons.add(e.reason());
                // the first failure wins over unavailability, and the first shard over later ones
                if (status == VariantStatus.OK || st == VariantStatus.FAILED && status != st) {
                    status = st;
                    reason = "in shard " + s.m.shardIndex() + "/" + s.m.shardCount() + ": " + e.reason();
                }
                continue;
            }
            if (version == null) {
                version = e.runtimeVersion();
                provider = e.executionProvider();
            }
            // shards on hosts that ran the runtime differently say so, each once
            if (e.host() != null && (host == null || !host.contains(e.host()))) {
                host = host == null ? e.host() : host + "; " + e.host();
            }
            nanos += e.inferenceNanos();
            computed += e.computedSamples();
            readScores(s, e, scores, width);
        }
        // unavailable everywhere for the same reason (no GPU on any worker): say it as an unsharded run would
        if (reasons.size() == shards.size() && new java.util.HashSet<>(reasons).size() == 1) reason = reasons.get(0);
        boolean ok = status == VariantStatus.OK;
        return new Joined(new VariantScores(v.name(), status, reason, ok ? scores : null, version, provider, nanos,
                computed, host, -1), sha, artifact);
    }

    private static void readScores(Loaded s, ShardManifest.Entry e, float[] into, int width) {
        if (e.scoresFile() == null) {
            throw new ParityInputException(s.dir + ": variant '" + e.name() + "' ran but names no scores file");
        }
        Path file = s.dir.resolve(e.scoresFile()).normalize();
        if (!file.startsWith(s.dir.normalize())) {
            throw new ParityInputException(s.dir + ": scores file '" + e.scoresFile() + "' lies outside the shard");
        }
        long expected = 4L * width * (s.m.end() - s.m.first());
        String per = width == 1 ? "" : ", " + width + " scores per sample as the spec's classes";
        byte[] bytes;
        try {
            if (Files.size(file) != expected) {
                throw new ParityInputException(file + ": the scores of '" + e.name() + "' are damaged ("
                        + Files.size(file) + " bytes, expected " + expected + per + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException ex) {
            throw new ParityInputException(file + ": cannot read the scores of '" + e.name() + "': " + ex.getMessage(), ex);
        }
        if (bytes.length != expected || !Hashing.sha256(bytes).equals(e.scoresSha256())) {
            throw new ParityInputException(file + ": the scores of '" + e.name() + "' are damaged (" + bytes.length
                    + " bytes, expected " + expected + per + " with SHA-256 " + e.scoresSha256() + ")");
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, (int) s.m.first() * width,
                (int) (s.m.end() - s.m.first()) * width);
    }
}
