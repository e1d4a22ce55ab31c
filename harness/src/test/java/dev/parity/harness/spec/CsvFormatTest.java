package dev.parity.harness.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.CsvTable;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files as people's tools write them: line ends mixed within one file, a header with no rows. */
class CsvFormatTest {
    @TempDir
    Path dir;

    private static String normalized(String text, int chunk) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Reader r = new UnixLineEnds(new StringReader(text))) {
            char[] buf = new char[chunk];
            for (int n; (n = r.read(buf, 0, chunk)) >= 0; ) out.append(buf, 0, n);
        }
        return out.toString();
    }

    @Test
    void everyLineEndBecomesOneLfWhateverTheChunking() throws Exception {
        String text = "a,b\r\n1,2\n3,4\r5,6\r\n\r\n7,8\r";
        for (int chunk : new int[] {1, 2, 3, 64}) {
            assertEquals("a,b\n1,2\n3,4\n5,6\n\n7,8\n", normalized(text, chunk), "chunks of " + chunk);
        }
    }

    @Test
    void aFileMixingCrlfAndLfRowsReadsEveryRow() throws Exception {
        // rows written on Windows, one appended by a Unix tool, one by an old Mac one
        Path f = Files.writeString(dir.resolve("t.csv"), "x1,x2,label\r\n0.5,1,0\r\n1.5,2,1\n2.5,3,0\r3.5,4,1\r\n");
        CsvFormat.Header h = CsvFormat.header(f);
        assertEquals(List.of("x1", "x2", "label"), h.columns());
        try (CsvTable t = CsvTable.open(f, List.of("x1", "x2"), Double.MAX_VALUE)) {
            assertEquals(4, t.rows(), "before: 'line 4 has 1 cell(s)', the LF and CR rows read as one");
        }
    }

    @Test
    void aHeaderWithoutRowsSaysSo() throws Exception {
        Path f = Files.writeString(dir.resolve("empty.csv"), "x1,x2,x3,label\r\n");
        ParityInputException e = assertThrows(ParityInputException.class, () -> CsvFormat.header(f));
        assertTrue(e.getMessage().contains("empty.csv: the table has a header (4 column(s)) but no rows"),
                e.getMessage());
    }

    @Test
    void theFileIsReadOnTheCallersThreadOnly() throws Exception {
        // before, the parser read ahead on a thread of its own: when header() (200 sampled rows) closed the file
        // before that thread's last read, stopParsing() threw "java.io.IOException - Stream closed" (a flaky CI
        // failure on a 201-row labels file under load)
        java.util.Set<Thread> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Reader recording = new java.io.FilterReader(new StringReader("id,class\na,1\nb,2\n")) {
            @Override
            public int read(char[] buf, int off, int len) throws java.io.IOException {
                readers.add(Thread.currentThread());
                return super.read(buf, off, len);
            }
        };
        com.univocity.parsers.csv.CsvParser parser = CsvFormat.parser();
        parser.beginParsing(recording);
        int rows = 0;
        while (parser.parseNext() != null) rows++;
        parser.stopParsing();
        assertEquals(3, rows);
        assertEquals(java.util.Set.of(Thread.currentThread()), readers);
    }
}
