package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Score checkpoints: a chunk whose bytes changed on disk is dropped, never resumed from. */
class ScoreCacheTest {
    @Test
    void corruptChunksAreRejected(@TempDir Path cacheDir) throws IOException {
        ScoreCache cache = new ScoreCache(cacheDir);
        float[] s = {1f, 2f, 3f, 4f};
        cache.store("k", 0, s, 0, 4);
        cache.store("k", 4, s, 2, 2);
        assertArrayEquals(new float[] {3f, 4f}, cache.load("k").get(4L));
        Path chunk = cacheDir.resolve("k/0.scores");
        byte[] b = Files.readAllBytes(chunk);
        b[20] ^= 1; // flip one bit of the data
        Files.write(chunk, b);
        assertEquals(List.of(4L), List.copyOf(cache.load("k").keySet()), "the corrupt chunk is dropped");
        assertFalse(Files.exists(chunk), "and deleted");
    }
}
