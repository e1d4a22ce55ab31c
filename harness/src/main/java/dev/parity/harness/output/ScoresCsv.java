package dev.parity.harness.output;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * scores.csv: a run's {@link ScoreTable} as CSV. Floats are written in Java's shortest round-trip form, so the file
 * reproduces the exact scores; an empty cell is an empty label or text; text is quoted as RFC 4180 says.
 */
public final class ScoresCsv {
    private ScoresCsv() {
    }

    public static String render(ScoreTable table) {
        StringWriter out = new StringWriter();
        try {
            write(table, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Streams the file: at 4M samples it is some 200 MB, which need not be held as one string. */
    public static void write(ScoreTable table, Writer out) throws IOException {
        StringBuilder row = new StringBuilder(16 + 16 * table.columns().size());
        for (ScoreTable.Column c : table.columns()) row.append(row.length() == 0 ? "" : ",").append(quoted(c.name()));
        out.write(row.append('\n').toString());
        int n = table.columns().size();
        for (int i = 0; i < table.rows(); i++) {
            row.setLength(0);
            for (int c = 0; c < n; c++) {
                if (c > 0) row.append(',');
                ScoreTable.Column col = table.columns().get(c);
                Object v = col.cell().at(i);
                if (v == null) continue;
                switch (col.kind()) {
                    case TEXT -> row.append(quoted((String) v));
                    case LABEL -> row.append((int) (Integer) v);
                    case SCORE -> row.append((float) (Float) v);
                    case ROW -> row.append((long) (Long) v);
                }
            }
            out.append(row.append('\n'));
        }
    }

    /**
     * A text cell, quoted when it holds a comma, a quote or a line break, or starts or ends with white space (which
     * CSV readers, Parity's among them, trim from unquoted cells).
     */
    public static String quoted(String text) {
        boolean padded = !text.isEmpty() && (Character.isWhitespace(text.charAt(0))
                || Character.isWhitespace(text.charAt(text.length() - 1)));
        if (!padded && text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0
                && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
