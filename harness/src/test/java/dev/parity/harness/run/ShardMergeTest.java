package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ConstructedRun;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.ShardWriter;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.VariantScores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ShardMerge on shards cut by hand from a constructed run (no runtime): the n shards join back to exactly the whole
 * run's scores, in any order; a missing, doubled or foreign shard is refused with the folder named.
 */
class ShardMergeTest {
    static final int N = 50;

    @TempDir
    Path dir;
    EvaluationResult whole;

    @BeforeEach
    void run() throws IOException {
        Map<String, float[]> scores = new LinkedHashMap<>();
        float[] ref = new float[N], other = new float[N];
        for (int i = 0; i < N; i++) {
            ref[i] = (float) Math.sin(i);
            other[i] = ref[i] + 1e-3f * i;
        }
        scores.put("ref", ref);
        scores.put("other", other);
        whole = ConstructedRun.of(dir, scores, ConstructedRun.labels(N, 3), "");
    }

    /** Shard i of n as the scoring pass would have written it: each variant's scores of that slice only. */
    private Path shard(int i, int n) throws IOException {
        Shard shard = new Shard(i, n);
        ScoredRun s = whole.scored();
        int first = (int) shard.first(N), end = (int) shard.end(N);
        List<VariantScores> part = new ArrayList<>();
        for (VariantScores v : s.variants()) {
            part.add(new VariantScores(v.name(), v.status(), v.reason(), Arrays.copyOfRange(v.scores(), first, end),
                    v.runtimeVersion(), v.executionProvider(), v.inferenceNanos(), end - first));
        }
        Path out = dir.resolve("shard-" + i + "-of-" + n);
        ShardWriter.write(whole.spec(), new ScoredRun(N, s.inputShape(), s.inputDtype(), s.info(), part, s.made(),
                s.artifacts(), s.artifactShas(), s.startedAtMillis(), s.durationSeconds(), shard), out);
        return out;
    }

    @Test
    void theShardsJoinBackToTheWholeRunInAnyOrder() throws IOException {
        Path a = shard(1, 3), b = shard(2, 3), c = shard(3, 3);
        for (List<Path> order : List.of(List.of(a, b, c), List.of(c, a, b))) {
            ScoredRun joined = ShardMerge.join(whole.spec(), order);
            assertEquals(N, joined.samples());
            for (int v = 0; v < 2; v++) {
                assertArrayEquals(whole.scored().variants().get(v).scores(), joined.variants().get(v).scores(),
                        "bit for bit, " + order);
            }
        }
    }

    @Test
    void aMissingOrDoubledShardIsRefused() throws IOException {
        Path a = shard(1, 3), b = shard(2, 3);
        ParityInputException missing = assertThrows(ParityInputException.class,
                () -> ShardMerge.join(whole.spec(), List.of(a, b)));
        assertTrue(missing.getMessage().contains("missing shard(s) 3/3 (samples 33..49)"), missing.getMessage());
        ParityInputException doubled = assertThrows(ParityInputException.class,
                () -> ShardMerge.join(whole.spec(), List.of(a, b, b)));
        assertTrue(doubled.getMessage().contains("shard 2/3 is given twice"), doubled.getMessage());
        Path other = shard(1, 2);
        ParityInputException mixed = assertThrows(ParityInputException.class,
                () -> ShardMerge.join(whole.spec(), List.of(a, other)));
        assertTrue(mixed.getMessage().contains("shard count"), mixed.getMessage());
    }

    @Test
    void aShardOfAnotherDatasetIsRefused() throws IOException {
        Path a = shard(1, 1);
        java.nio.file.Files.write(dir.resolve("x.npy"), java.nio.file.Files.readAllBytes(dir.resolve("x.npy")),
                java.nio.file.StandardOpenOption.APPEND); // the dataset file changed since the shard scored it
        ParityInputException e = assertThrows(ParityInputException.class,
                () -> ShardMerge.join(whole.spec(), List.of(a)));
        assertTrue(e.getMessage().contains(a.toString()) && e.getMessage().contains("different dataset"),
                e.getMessage());
    }
}
