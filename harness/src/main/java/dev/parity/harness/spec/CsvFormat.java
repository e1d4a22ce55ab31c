package dev.parity.harness.spec;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.parity.harness.ParityInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How Parity reads CSV files (comma separated, first row the header, RFC 4180 quoting, UTF-8), and the header and
 * column kinds of one, read from its first rows. The spec needs them to know a table's feature columns and shape;
 * the data package streams the rows with the same settings.
 */
public final class CsvFormat {
    /** Rows looked at to tell numeric columns from others; every row is checked again when it is read. */
    static final int SAMPLE_ROWS = 200;

    private CsvFormat() {
    }

    /** A fresh parser with Parity's settings: cells are returned as written (empty = null), lines of any length. */
    public static CsvParser parser() {
        CsvParserSettings s = new CsvParserSettings();
        s.setHeaderExtractionEnabled(false);
        // open() turns every CRLF and lone CR into LF: a file whose rows mix line ends (one row appended by another
        // tool) reads as Python's csv module reads it, instead of by the first row's line end only
        s.getFormat().setLineSeparator("\n");
        s.setMaxCharsPerColumn(-1);
        s.setMaxColumns(100_000);
        s.setIgnoreLeadingWhitespaces(true);
        s.setIgnoreTrailingWhitespaces(true);
        s.setSkipEmptyLines(true);
        // no read-ahead thread: a caller that stops early (header() samples 200 rows) closes the file under it, and
        // the thread's "Stream closed" then surfaced as a parse failure in whichever parse came next (seen in CI)
        s.setReadInputOnSeparateThread(false);
        return new CsvParser(s);
    }

    /** A stream of a CSV file's bytes as its text (a reader that hashes the bytes as they pass reads this). */
    public static Reader open(java.io.InputStream bytes) throws IOException {
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(bytes,
                StandardCharsets.UTF_8.newDecoder()), 1 << 16);
        r.mark(1);
        if (r.read() != '\uFEFF') r.reset();
        return new UnixLineEnds(r);
    }

    /** The file as UTF-8 text, past a byte order mark if it starts with one (spreadsheets write them). */
    public static Reader open(Path file) {
        try {
            return open(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new ParityInputException(file + ": file not found");
        } catch (IOException e) {
            throw new ParityInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** A cell as a number, or null when it is not one (empty cells, text). */
    public static Double number(String cell) {
        if (cell == null || cell.isEmpty()) return null;
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return switch (cell.toLowerCase(java.util.Locale.ROOT)) {
                case "nan" -> Double.NaN;
                case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        }
    }

    /**
     * The header of a CSV file and, per column, whether the sampled rows hold numbers (a few bad cells allowed).
     *
     * @throws ParityInputException naming the file when it is empty, has no header or repeats a column name
     */
    public static Header header(Path file) {
        CsvParser parser = parser();
        try (Reader in = open(file)) {
            parser.beginParsing(in);
            String[] names = parser.parseNext();
            if (names == null) throw new ParityInputException(file + ": the file is empty; expected a header row");
            String[] first = parser.parseNext();
            if (first == null) {
                // a header alone: say that, not what its columns would be without rows to judge them by
                throw new ParityInputException(file + ": the table has a header (" + names.length + " column(s)) but "
                        + "no rows");
            }
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                String n = names[i];
                if (n == null || n.isEmpty()) {
                    throw new ParityInputException(file + ": header column " + (i + 1) + " has no name");
                }
                if (columns.contains(n)) throw new ParityInputException(file + ": column '" + n + "' appears twice");
                columns.add(n);
            }
            int[] numbers = new int[names.length], seen = new int[names.length];
            String[] row = first;
            int rows = 0;
            for (; rows < SAMPLE_ROWS && row != null; row = parser.parseNext()) {
                rows++;
                for (int c = 0; c < Math.min(row.length, names.length); c++) {
                    if (row[c] == null || row[c].isEmpty()) continue;
                    seen[c]++;
                    if (number(row[c]) != null) numbers[c]++;
                }
            }
            // mostly numbers is a numeric column with a bad cell (reported when the rows are read), not a text one
            boolean[] numeric = new boolean[names.length];
            for (int c = 0; c < names.length; c++) numeric[c] = seen[c] > 0 && numbers[c] >= 0.9 * seen[c];
            return new Header(file, List.copyOf(columns), numeric);
        } catch (IOException e) {
            throw new ParityInputException(file + ": cannot read: " + e.getMessage());
        } finally {
            parser.stopParsing();
        }
    }

    /** @param numeric per column: at least 90% of the sampled non-empty cells are numbers, and there is one */
    public record Header(Path file, List<String> columns, boolean[] numeric) {
        public int index(String column) {
            return columns.indexOf(column);
        }

        public boolean isNumeric(String column) {
            int i = index(column);
            return i >= 0 && numeric[i];
        }
    }
}
