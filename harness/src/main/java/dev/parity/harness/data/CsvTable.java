package dev.parity.harness.data;

import com.univocity.parsers.csv.CsvParser;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.CsvFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV table's feature columns as samples, streamed: opening checks every row once (its cell count, and that
 * every feature cell is a finite number the model's input type can hold) and counts them; reads then parse rows
 * in order, so memory holds one block of rows whatever the file's size. Tablesaw reads tables whole, so the rows
 * stream through its parser (univocity) with {@link CsvFormat}'s settings instead.
 */
public final class CsvTable implements SampleSource {
    private final Path file;
    private final int[] featureIndex;
    private final List<String> features;
    private final int columns;
    private final long rows;
    private CsvParser parser;
    private long position;

    private CsvTable(Path file, List<String> features, int[] featureIndex, int columns, long rows) {
        this.file = file;
        this.features = features;
        this.featureIndex = featureIndex;
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * @param maxMagnitude the largest |value| the model's input type holds (65504 for float16)
     * @throws ParityInputException naming the file, line, column and cell of the first bad value
     */
    public static CsvTable open(Path file, List<String> features, double maxMagnitude) {
        CsvFormat.Header header = CsvFormat.header(file);
        int[] index = new int[features.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = header.index(features.get(i));
            if (index[i] < 0) {
                throw new ParityInputException(file + ": no column '" + features.get(i) + "'; columns: "
                        + header.columns());
            }
        }
        CsvTable t = new CsvTable(file, features, index, header.columns().size(), 0);
        long count = t.check(maxMagnitude);
        if (count == 0) throw new ParityInputException(file + ": the table has a header but no rows");
        return new CsvTable(file, features, index, header.columns().size(), count);
    }

    private long check(double maxMagnitude) {
        CsvParser p = CsvFormat.parser();
        p.beginParsing(CsvFormat.open(file));
        try {
            p.parseNext(); // header
            long n = 0;
            String[] row;
            while ((row = p.parseNext()) != null) {
                requireWidth(row, p);
                for (int f = 0; f < featureIndex.length; f++) {
                    double v = cell(row, f, p);
                    if (Math.abs(v) > maxMagnitude) {
                        throw bad(p, f, row[featureIndex[f]], "a value the model's input type holds (|x| <= "
                                + (float) maxMagnitude + ")");
                    }
                }
                n++;
            }
            return n;
        } finally {
            p.stopParsing();
        }
    }

    private void requireWidth(String[] row, CsvParser p) {
        if (row.length != columns) {
            throw new ParityInputException(file + ": line " + p.getContext().currentLine() + " has " + row.length
                    + " cell(s) but the header has " + columns + " columns");
        }
    }

    private double cell(String[] row, int f, CsvParser p) {
        String text = row[featureIndex[f]];
        if (text == null || text.isEmpty()) throw bad(p, f, "", "a number (the cell is empty: a missing value)");
        Double v = CsvFormat.number(text);
        if (v == null) throw bad(p, f, text, "a number");
        if (!Double.isFinite(v) || Float.isInfinite((float) (double) v)) throw bad(p, f, text, "a finite number");
        return v;
    }

    private ParityInputException bad(CsvParser p, int f, String found, String expected) {
        return new ParityInputException(file + ": line " + p.getContext().currentLine() + ", column '"
                + features.get(f) + "': expected " + expected + ", found '" + found + "'");
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long rowElements() {
        return featureIndex.length;
    }

    @Override
    public long[] shape() {
        return new long[] {rows, featureIndex.length};
    }

    @Override
    public String elementType() {
        return "float64";
    }

    @Override
    public void read(long first, int count, float[] out) {
        if (first < 0 || count < 0 || first + count > rows) {
            throw new IndexOutOfBoundsException("rows " + first + ".." + (first + count) + " of " + rows);
        }
        if (parser == null || first < position) restart();
        while (position < first) next();
        for (int r = 0, k = 0; r < count; r++) {
            String[] row = next();
            for (int f = 0; f < featureIndex.length; f++) out[k++] = (float) cell(row, f, parser);
        }
    }

    private void restart() {
        if (parser != null) parser.stopParsing();
        parser = CsvFormat.parser();
        parser.beginParsing(CsvFormat.open(file));
        parser.parseNext(); // header
        position = 0;
    }

    private String[] next() {
        String[] row = parser.parseNext();
        if (row == null) throw new ParityInputException(file + ": ended at row " + position + "; it had " + rows
                + " rows when it was opened (was it changed during the run?)");
        requireWidth(row, parser);
        position++;
        return row;
    }

    @Override
    public void close() {
        if (parser != null) parser.stopParsing();
        parser = null;
    }
}
