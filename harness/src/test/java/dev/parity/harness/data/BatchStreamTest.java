package dev.parity.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parity.harness.TestFiles;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preprocessing against values worked out by hand, for every element type Parity reads. */
class BatchStreamTest {
    @TempDir
    Path dir;

    /** Two samples of shape [2, 2] (two channels of two values), in every dtype, as raw bytes. */
    private Path file(String descr, int size, double[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (descr.substring(1)) {
                case "u1", "i1", "b1" -> b.put((byte) (long) v);
                case "i2", "u2" -> b.putShort((short) (long) v);
                case "i4", "u4" -> b.putInt((int) (long) v);
                case "i8" -> b.putLong((long) v);
                case "f4" -> b.putFloat((float) v);
                case "f8" -> b.putDouble(v);
                default -> throw new IllegalArgumentException(descr);
            }
        }
        return TestFiles.npy(dir.resolve(descr.substring(1) + ".npy"), descr, new long[] {2, 2, 2}, b.array());
    }

    private static float[] all(BatchStream s) {
        Batch b = s.next();
        assertFalse(s.hasNext());
        return b.data();
    }

    @Test
    void perChannelMeanAndStdOnEveryType() throws IOException {
        // x = (raw / 2 - mean[c]) / std[c], channel 0: mean 1, std 0.5; channel 1: mean -1, std 4
        ResolvedSpec.Preprocessing pre = new ResolvedSpec.Preprocessing(2, new double[] {1, -1},
                new double[] {0.5, 4}, new long[] {2, 2});
        double[] raw = {0, 2, 6, 10, 4, 1, 2, 30};
        // sample 0: ch0 (0, 2) -> (-2, 0); ch1 (6, 10) -> (1, 1.5); sample 1: ch0 (4, 1) -> (2, -1); ch1 (2, 30) -> (0.5, 4)
        float[] expected = {-2, 0, 1, 1.5f, 2, -1, 0.5f, 4};
        String[][] types = {{"|u1", "1"}, {"|i1", "1"}, {"<i2", "2"}, {"<u2", "2"}, {"<i4", "4"}, {"<u4", "4"},
                {"<i8", "8"}, {"<f4", "4"}, {"<f8", "8"}};
        for (String[] t : types) {
            try (NpyFile f = NpyFile.open(file(t[0], Integer.parseInt(t[1]), raw))) {
                assertArrayEquals(expected, all(new BatchStream(f, pre, 8)), t[0]);
            }
        }
    }

    @Test
    void unsignedBytesAbove127AndNegativeSignedOnes() throws IOException {
        ResolvedSpec.Preprocessing pre = new ResolvedSpec.Preprocessing(255, new double[] {0}, new double[] {1},
                new long[] {4});
        try (NpyFile f = NpyFile.open(file("|u1", 1, new double[] {255, 128, 0, 51, 255, 255, 255, 255}))) {
            float[] x = all(new BatchStream(f, pre, 2));
            assertEquals(1f, x[0]);
            assertEquals(128f / 255f, x[1]);
            assertEquals(0.2f, x[3]);
        }
        ResolvedSpec.Preprocessing none = new ResolvedSpec.Preprocessing(1, new double[] {0}, new double[] {1},
                new long[] {4});
        try (NpyFile f = NpyFile.open(file("|i1", 1, new double[] {-128, -1, 127, 0, 1, 2, 3, 4}))) {
            assertArrayEquals(new float[] {-128, -1, 127, 0, 1, 2, 3, 4}, all(new BatchStream(f, none, 2)));
        }
        try (NpyFile f = NpyFile.open(file("<u2", 2, new double[] {65535, 1, 0, 0, 0, 0, 0, 0}))) {
            assertEquals(65535f, all(new BatchStream(f, none, 2))[0]);
        }
    }

    @Test
    void float64IsRoundedOnceToFloat32AndNonFiniteValuesPassThrough() throws IOException {
        ResolvedSpec.Preprocessing none = new ResolvedSpec.Preprocessing(1, new double[] {0}, new double[] {1},
                new long[] {4});
        double third = 1.0 / 3;
        try (NpyFile f = NpyFile.open(file("<f8", 8, new double[] {third, Double.NaN, Double.POSITIVE_INFINITY,
                -1e300, 0, 0, 0, 0}))) {
            float[] x = all(new BatchStream(f, none, 2));
            assertEquals((float) third, x[0]);
            assertEquals(Float.NaN, x[1]);
            assertEquals(Float.POSITIVE_INFINITY, x[2]);
            assertEquals(Float.NEGATIVE_INFINITY, x[3], "below float32's range");
        }
    }

    @Test
    void batchesCoverTheSliceWithTheDatasetsOwnIndices() throws IOException {
        ResolvedSpec.Preprocessing none = new ResolvedSpec.Preprocessing(1, new double[] {0}, new double[] {1},
                new long[] {1});
        float[] values = new float[10];
        for (int i = 0; i < values.length; i++) values[i] = i;
        try (NpyFile f = NpyFile.open(TestFiles.float32(dir.resolve("ten.npy"), new long[] {10, 1}, values))) {
            BatchStream s = new BatchStream(f, none, 4, 3, 10);
            Batch a = s.next();
            Batch b = s.next();
            assertEquals(3, a.firstIndex());
            assertArrayEquals(new float[] {3, 4, 5, 6}, a.data());
            assertEquals(7, b.firstIndex());
            assertArrayEquals(new float[] {7, 8, 9}, b.data(), "the last batch is smaller");
            assertFalse(s.hasNext());
        }
    }
}
