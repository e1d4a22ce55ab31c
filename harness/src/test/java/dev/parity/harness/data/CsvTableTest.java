package dev.parity.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.SampleInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV table is parsed in one pass: its features (read back exactly, anywhere), the columns kept from the same pass
 * (against the values written), and the file's SHA-256 (equal to one computed here) all come from it; a changed
 * file is parsed again, and a bad cell leaves no parsed copy behind.
 */
class CsvTableTest {
    @TempDir
    Path dir;

    @Test
    void onePassGivesFeaturesKeptColumnsAndTheHash() throws Exception {
        StringBuilder csv = new StringBuilder("\uFEFFid,a,b,label,site\n");
        float[] want = new float[2500 * 2];
        for (int i = 0; i < 2500; i++) {
            want[2 * i] = (float) (i * 0.1);
            want[2 * i + 1] = (float) Math.scalb(1.0 + i, -i % 40);
            csv.append("r").append(i).append(',').append(i * 0.1).append(',').append((double) want[2 * i + 1])
                    .append(',').append(i % 2).append(',').append(i % 3 == 0 ? "\"x, y\"" : "z").append('\n');
        }
        Path f = Files.writeString(dir.resolve("t.csv"), csv);
        List<String> keep = List.of("label", "id", "site");
        try (CsvTable t = CsvTable.open(f, List.of("a", "b"), keep, Float.MAX_VALUE)) {
            assertEquals(2500, t.rows());
            float[] all = new float[want.length];
            t.read(0, 2500, all);
            assertArrayEquals(want, all);
            float[] some = new float[6];
            t.read(1234, 3, some);
            assertArrayEquals(java.util.Arrays.copyOfRange(want, 2468, 2474), some);
            // the kept columns, dictionary-encoded: levels in order of first appearance, one code a row
            Map<String, SampleInfo.SliceColumn> kept = t.columns(keep);
            assertEquals(List.of("0", "1"), kept.get("label").levels());
            assertEquals(List.of("x, y", "z"), kept.get("site").levels());
            assertEquals(2500, kept.get("id").levels().size());
            for (int i = 0; i < 2500; i++) {
                assertEquals(String.valueOf(i % 2), kept.get("label").valueOf(i));
                assertEquals("r" + i, kept.get("id").valueOf(i));
                assertEquals(i % 3 == 0 ? "x, y" : "z", kept.get("site").valueOf(i));
            }
            assertEquals(null, t.columns(List.of("a")), "a feature is not a kept column");
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        assertEquals(sha, Hashing.sha256(f));

        // the same file changed (another time stamp): parsed again, not served from the first parse
        Files.writeString(f, "id,a,b,label,site\nq,1.5,2.5,1,z\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
        try (CsvTable t = CsvTable.open(f, List.of("a", "b"), keep, Float.MAX_VALUE)) {
            assertEquals(1, t.rows());
            float[] one = new float[2];
            t.read(0, 1, one);
            assertArrayEquals(new float[] {1.5f, 2.5f}, one);
        }
    }

    @Test
    void aBadCellNamesItsLineAndLeavesNoParsedCopy() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3,n/a\n");
        long before = spills();
        String m = assertThrows(ParityInputException.class,
                () -> CsvTable.open(f, List.of("a", "b"), List.of(), Float.MAX_VALUE)).getMessage();
        assertEquals(f + ": line 3, column 'b': expected a number, found 'n/a'", m);
        assertEquals(before, spills());
        Path big = Files.writeString(dir.resolve("big.csv"), "a\n70000\n");
        m = assertThrows(ParityInputException.class, () -> CsvTable.open(big, List.of("a"), List.of(), 65504))
                .getMessage();
        assertEquals(big + ": line 2, column 'a': expected a value the model's input type holds (|x| <= 65504.0), "
                + "found '70000'", m);
        Path empty = Files.writeString(dir.resolve("empty-label.csv"), "a,y\n1,\n");
        m = assertThrows(ParityInputException.class, () -> CsvTable.open(empty, List.of("a"), List.of("y"),
                Float.MAX_VALUE)).getMessage();
        assertEquals(empty + ": line 2, column 'y': expected a value, found an empty cell", m);
    }

    private static long spills() throws Exception {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("parity-csv-")).count();
        }
    }
}
