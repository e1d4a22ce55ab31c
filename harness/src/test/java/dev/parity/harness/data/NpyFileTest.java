package dev.parity.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {
    @TempDir
    Path dir;

    private String error(Path f) {
        return assertThrows(ParityInputException.class, () -> NpyFile.open(f).close()).getMessage();
    }

    @Test
    void readsRowsOfUint8AndFloat32() throws IOException {
        byte[] data = new byte[3 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (250 + i % 6);
        try (NpyFile f = NpyFile.open(TestFiles.uint8(dir.resolve("u.npy"), new long[] {3, 2, 2}, data))) {
            assertArrayEquals(new long[] {3, 2, 2}, f.shape());
            assertEquals(4, f.rowElements());
            ByteBuffer rows = f.readRows(1, 2, null);
            assertEquals(250 + 4 % 6, f.get(rows, 0), "unsigned, second row first element");
            assertEquals(255, f.get(rows, 1));
        }
        try (NpyFile f = NpyFile.open(TestFiles.float32(dir.resolve("f.npy"), new long[] {2}, new float[] {1.5f, -2f}))) {
            assertEquals(-2.0, f.get(f.readRows(1, 1, null), 0));
        }
    }

    @Test
    void readsTheShippedDemoImages() {
        try (NpyFile f = NpyFile.open(TestFiles.demoDir().resolve("test_images.npy"))) {
            assertArrayEquals(new long[] {10000, 28, 28}, f.shape());
            assertEquals(NpyDtype.UINT8, f.dtype());
        }
    }

    @Test
    void badMagic() throws IOException {
        Path f = Files.writeString(dir.resolve("x.npy"), "this is a csv,1,2,3\n");
        assertTrue(error(f).contains("not an NPY file"));
    }

    @Test
    void truncatedData() throws IOException {
        Path f = TestFiles.uint8(dir.resolve("t.npy"), new long[] {10, 4}, new byte[39]);
        String msg = error(f);
        assertTrue(msg.contains("truncated"), msg);
    }

    @Test
    void trailingBytes() throws IOException {
        Path f = TestFiles.uint8(dir.resolve("t.npy"), new long[] {2}, new byte[5]);
        assertTrue(error(f).contains("3 bytes follow the data"));
    }

    @Test
    void hugeDeclaredShapeIsRefusedWithoutAllocating() throws IOException {
        Path f = TestFiles.uint8(dir.resolve("h.npy"), new long[] {Long.MAX_VALUE / 2, 1 << 20}, new byte[4]);
        assertTrue(error(f).contains("too large"));
        Path g = TestFiles.uint8(dir.resolve("g.npy"), new long[] {1L << 40}, new byte[4]);
        assertTrue(error(g).contains("truncated"));
    }

    @Test
    void unsupportedTypeAndOrder() throws IOException {
        Path big = TestFiles.npy(dir.resolve("b.npy"), ">f4", new long[] {1}, new byte[4]);
        assertTrue(error(big).contains("'>f4' is not supported"));
        Path c = TestFiles.npy(dir.resolve("c.npy"), "<c8", new long[] {1}, new byte[8]);
        assertTrue(error(c).contains("'<c8'"));
        Path fortran = TestFiles.npyWithHeader(dir.resolve("o.npy"),
                "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", new byte[4]);
        assertTrue(error(fortran).contains("Fortran order"));
        Path noShape = TestFiles.npyWithHeader(dir.resolve("s.npy"), "{'descr': '|u1', 'fortran_order': False}",
                new byte[0]);
        assertTrue(error(noShape).contains("'shape'"));
    }

    @Test
    void missingFile() {
        assertTrue(error(dir.resolve("none.npy")).contains("file not found"));
    }

    @Test
    void labelsLengthAndValuesAreChecked() throws IOException {
        Path y = TestFiles.uint8(dir.resolve("y.npy"), new long[] {3}, new byte[] {0, 1, 1});
        assertArrayEquals(new boolean[] {false, true, true}, Labels.load(y, 3, null));
        String lengths = assertThrows(ParityInputException.class, () -> Labels.load(y, 4, null)).getMessage();
        assertTrue(lengths.contains("3 labels for 4 input samples"), lengths);

        Path classes = TestFiles.int64(dir.resolve("c.npy"), new long[] {3}, new long[] {4, 2, 4});
        String msg = assertThrows(ParityInputException.class, () -> Labels.load(classes, 3, null)).getMessage();
        assertTrue(msg.contains("sample index 0 is 4") && msg.contains("positive_label"), msg);
        assertArrayEquals(new boolean[] {true, false, true}, Labels.load(classes, 3, 4L));

        Path frac = TestFiles.float32(dir.resolve("f.npy"), new long[] {2}, new float[] {0f, 0.5f});
        assertTrue(assertThrows(ParityInputException.class, () -> Labels.load(frac, 2, null)).getMessage()
                .contains("whole numbers"));
        Path matrix = TestFiles.uint8(dir.resolve("m.npy"), new long[] {2, 2}, new byte[4]);
        assertTrue(assertThrows(ParityInputException.class, () -> Labels.load(matrix, 2, null)).getMessage()
                .contains(Arrays.toString(new long[] {2, 2})));
    }

    /** Before, a NaN input reached the models and was reported as the reference's NaN score, not as the data's. */
    @Test
    void aNonFiniteInputIsNamedByRowAndPosition() throws IOException {
        float[] x = new float[4 * 2 * 3];
        Arrays.fill(x, 0.5f);
        x[2 * 6 + 1 * 3 + 2] = Float.NaN; // row 2, position [1, 2]
        try (NpyFile f = NpyFile.open(TestFiles.float32(dir.resolve("nan.npy"), new long[] {4, 2, 3}, x))) {
            String m = assertThrows(ParityInputException.class, () -> f.requireFinite(0, 4)).getMessage();
            assertTrue(m.contains("nan.npy: row 2 (sample 2), element [1, 2]: expected a finite number, found NaN"), m);
            f.requireFinite(0, 2); // a shard before it is fine
            f.requireFinite(3, 4);
        }
        x[2 * 6 + 1 * 3 + 2] = 0.5f;
        x[3 * 6] = Float.NEGATIVE_INFINITY;
        try (NpyFile f = NpyFile.open(TestFiles.float32(dir.resolve("inf.npy"), new long[] {4, 2, 3}, x))) {
            String m = assertThrows(ParityInputException.class, () -> f.requireFinite(0, 4)).getMessage();
            assertTrue(m.contains("row 3 (sample 3), element [0, 0]: expected a finite number, found -Inf"), m);
        }
        ByteBuffer b = ByteBuffer.allocate(3 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(1).putDouble(1e39)
                .putDouble(2);
        try (NpyFile f = NpyFile.open(TestFiles.npy(dir.resolve("big.npy"), "<f8", new long[] {3}, b.array()))) {
            String m = assertThrows(ParityInputException.class, () -> f.requireFinite(0, 3)).getMessage();
            assertTrue(m.contains("row 1 (sample 1), element [0]: expected a finite number, found 1.0E39, beyond "
                    + "float32's range"), m);
        }
    }
}
