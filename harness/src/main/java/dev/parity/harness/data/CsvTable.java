package dev.parity.harness.data;

import com.fasterxml.jackson.core.io.NumberInput;
import com.univocity.parsers.csv.CsvParser;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.spec.CsvFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CSV table's feature columns as samples, parsed once. Opening reads the file in one pass: it checks every row
 * (its cell count, and that every feature cell is a finite number the model's input type can hold), writes the
 * features as float32 to a spill file in the JVM's temp folder (deleted at exit), keeps the other columns asked for
 * (label, id, slices) dictionary-encoded, and hashes the file's bytes as they pass (the run's dataset hash). Reads then come from the spill file, so memory holds one block of rows whatever the file's
 * size, and a later open of the same unchanged file in this JVM (the speed probe, the calibration check) parses
 * nothing. Cells are parsed by univocity (Tablesaw's parser) with {@link CsvFormat}'s settings and numbers by
 * Jackson's fast double parser, which gives the same double as {@code Double.parseDouble}.
 */
public final class CsvTable implements SampleSource {
    /** Parsed tables by file, size, modification time, features, kept columns and input range. */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private final Path file;
    private final Parsed parsed;
    private final FileChannel spill;
    private final ByteBuffer block = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    /** One parse of a file: its rows, the spill file of features, and the kept columns. */
    private record Parsed(long rows, int width, Path spill, Map<String, SampleInfo.SliceColumn> kept) {
    }

    private CsvTable(Path file, Parsed parsed) {
        this.file = file;
        this.parsed = parsed;
        try {
            this.spill = FileChannel.open(parsed.spill(), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("the parsed copy of " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * @param maxMagnitude the largest |value| the model's input type holds (65504 for float16)
     * @throws ParityInputException naming the file, line, column and cell of the first bad value
     */
    public static CsvTable open(Path file, List<String> features, double maxMagnitude) {
        return open(file, features, List.of(), maxMagnitude);
    }

    /**
     * @param keep other columns to keep from the same pass (label, id, slices), which {@link #columns} returns;
     *             every row must have a non-empty cell in each
     */
    public static CsvTable open(Path file, List<String> features, List<String> keep, double maxMagnitude) {
        String stamp = Hashing.stamp(file);
        if (stamp == null) throw new ParityInputException(file + ": file not found");
        String key = stamp + "|" + features + "|" + keep + "|" + maxMagnitude;
        Parsed p = PARSED.get(key);
        if (p == null || !Files.isRegularFile(p.spill())) {
            p = parse(file, stamp, features, keep, maxMagnitude);
            PARSED.put(key, p);
        }
        return new CsvTable(file, p);
    }

    private static Parsed parse(Path file, String stamp, List<String> features, List<String> keep,
                                double maxMagnitude) {
        CsvFormat.Header header = CsvFormat.header(file);
        int[] featureIndex = indexes(file, header, features);
        int[] keepIndex = indexes(file, header, keep);
        List<DictionaryColumn> kept = DictionaryColumn.of(keep);
        int columns = header.columns().size();
        Path spill;
        MessageDigest sha;
        long n = 0;
        try {
            sha = MessageDigest.getInstance("SHA-256");
            spill = Files.createTempFile("parity-csv-", ".f32");
            spill.toFile().deleteOnExit();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot make the parsed copy of " + file + ": " + e.getMessage(), e);
        }
        CsvParser p = CsvFormat.parser();
        try (InputStream bytes = new DigestInputStream(Files.newInputStream(file), sha);
             FileChannel out = FileChannel.open(spill, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            p.beginParsing(CsvFormat.open(bytes));
            p.parseNext(); // header
            String[] row;
            while ((row = p.parseNext()) != null) {
                if (row.length != columns) {
                    throw new ParityInputException(file + ": line " + p.getContext().currentLine() + " has "
                            + row.length + " cell(s) but the header has " + columns + " columns");
                }
                if (buf.remaining() < 4 * featureIndex.length) flush(buf, out);
                for (int f = 0; f < featureIndex.length; f++) {
                    buf.putFloat((float) cell(file, p, row[featureIndex[f]], features.get(f), maxMagnitude));
                }
                for (int i = 0; i < keepIndex.length; i++) {
                    String v = row[keepIndex[i]];
                    if (v == null || v.isEmpty()) {
                        throw new ParityInputException(file + ": line " + p.getContext().currentLine()
                                + ", column '" + keep.get(i) + "': expected a value, found an empty cell");
                    }
                    kept.get(i).add(v);
                }
                n++;
            }
            flush(buf, out); // the parser read to the end of the file, so the digest has seen every byte
        } catch (IOException e) {
            deleteQuietly(spill);
            throw new ParityInputException(file + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(spill); // a bad cell: nothing half-parsed is kept
            throw e;
        } finally {
            p.stopParsing();
        }
        if (n == 0) {
            deleteQuietly(spill);
            throw new ParityInputException(file + ": the table has a header but no rows");
        }
        Hashing.recordRead(file, stamp, sha.digest());
        return new Parsed(n, featureIndex.length, spill, DictionaryColumn.byName(kept));
    }

    private static int[] indexes(Path file, CsvFormat.Header header, List<String> names) {
        int[] index = new int[names.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = header.index(names.get(i));
            if (index[i] < 0) {
                throw new ParityInputException(file + ": no column '" + names.get(i) + "'; columns: "
                        + header.columns());
            }
        }
        return index;
    }

    private static double cell(Path file, CsvParser p, String text, String column, double maxMagnitude) {
        if (text == null || text.isEmpty()) throw bad(file, p, column, "", "a number (the cell is empty: a missing value)");
        double v;
        try {
            v = NumberInput.parseDouble(text, true);
        } catch (NumberFormatException e) {
            Double named = CsvFormat.number(text); // nan, inf and the like, which Java's parsers do not spell so
            if (named == null) throw bad(file, p, column, text, "a number");
            v = named;
        }
        if (!Double.isFinite(v) || Float.isInfinite((float) v)) throw bad(file, p, column, text, "a finite number");
        if (Math.abs(v) > maxMagnitude) {
            throw bad(file, p, column, text, "a value the model's input type holds (|x| <= " + (float) maxMagnitude
                    + ")");
        }
        return v;
    }

    private static ParityInputException bad(Path file, CsvParser p, String column, String found, String expected) {
        return new ParityInputException(file + ": line " + p.getContext().currentLine() + ", column '" + column
                + "': expected " + expected + ", found '" + found + "'");
    }

    private static void flush(ByteBuffer buf, FileChannel out) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) out.write(buf);
        buf.clear();
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // a temp file the JVM deletes at exit anyway
        }
    }

    /**
     * Some columns of a CSV file alone (a metadata file, an image listing, a table's columns its samples did not
     * keep), read by the same one pass and cached alike; every row must have a non-empty cell in each.
     */
    static Map<String, SampleInfo.SliceColumn> columns(Path file, List<String> names) {
        try (CsvTable t = open(file, List.of(), names, Double.MAX_VALUE)) {
            return t.columns(names);
        }
    }

    /** The kept columns (see {@link #open(Path, List, List, double)}) by name; null when one was not kept. */
    public Map<String, SampleInfo.SliceColumn> columns(List<String> names) {
        if (!parsed.kept().keySet().containsAll(names)) return null;
        Map<String, SampleInfo.SliceColumn> out = new LinkedHashMap<>();
        for (String n : names) out.put(n, parsed.kept().get(n));
        return out;
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public long rows() {
        return parsed.rows();
    }

    @Override
    public long rowElements() {
        return parsed.width();
    }

    @Override
    public long[] shape() {
        return new long[] {parsed.rows(), parsed.width()};
    }

    @Override
    public String elementType() {
        return "float64";
    }

    @Override
    public void read(long first, int count, float[] out) {
        if (first < 0 || count < 0 || first + count > parsed.rows()) {
            throw new IndexOutOfBoundsException("rows " + first + ".." + (first + count) + " of " + parsed.rows());
        }
        long position = first * parsed.width() * 4L;
        int values = count * parsed.width();
        try {
            for (int k = 0; k < values; ) {
                block.clear();
                block.limit(Math.min(block.capacity(), (values - k) * 4));
                while (block.hasRemaining()) {
                    int r = spill.read(block, position);
                    if (r < 0) throw new IOException("the parsed copy ended early");
                    position += r;
                }
                block.flip();
                int got = block.remaining() / 4;
                block.asFloatBuffer().get(out, k, got);
                k += got;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the parsed copy of " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            spill.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
    }
}
