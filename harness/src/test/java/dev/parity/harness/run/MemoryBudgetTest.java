package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    static final long GB = 1L << 30;

    @Test
    void theEstimateCoversWhatWasMeasured() {
        // measured (tabular example, three variants): 1M samples need > 40 MB, 4M need > 144 MB
        assertTrue(MemoryBudget.needed(1_000_000, 3) > 48L << 20);
        assertTrue(MemoryBudget.needed(4_000_000, 3) > 160L << 20);
        // and is not absurdly above it
        assertTrue(MemoryBudget.needed(4_000_000, 3) < 4 * (160L << 20));
    }

    @Test
    void largestRunIsTheInverseOfNeeded() {
        long n = MemoryBudget.largestRun(4 * GB, 5);
        assertTrue(MemoryBudget.needed(n, 5) <= 4 * GB);
        assertTrue(MemoryBudget.needed(n + 1, 5) > 4 * GB);
        assertEquals(0, MemoryBudget.largestRun(1 << 20, 3), "a heap below the margin holds nothing");
    }

    @Test
    void aRunThatDoesNotFitSaysWhatItNeedsAndHowToGiveIt() {
        assertDoesNotThrow(() -> MemoryBudget.require(1_000_000, 3, GB, "scoring x.npy"));
        String m = assertThrows(ParityInputException.class,
                () -> MemoryBudget.require(100_000_000, 5, GB, "scoring x.npy")).getMessage();
        assertTrue(m.startsWith("scoring x.npy: 100,000,000 samples x 5 variant(s) needs about 4.9 GB"), m);
        assertTrue(m.contains("this JVM may use 1.0 GB"), m);
        assertTrue(m.contains("PARITY_JAVA_OPTS=-Xmx5g"), m);
    }
}
