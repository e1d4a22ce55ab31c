package dev.parity.harness.output;

import dev.parity.harness.results.VariantScores;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * scores.csv: sample_id, label, then one column per variant that ran, in spec order. Floats are written in
 * Java's shortest round-trip form, so the file reproduces the exact scores. Label is empty without labels.
 */
public final class ScoresCsv {
    private ScoresCsv() {
    }

    public static String render(List<VariantScores> variants, boolean[] labels, int samples) {
        StringWriter out = new StringWriter();
        try {
            write(variants, labels, samples, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Streams the file: at 4M samples it is some 200 MB, which need not be held as one string. */
    public static void write(List<VariantScores> variants, boolean[] labels, int samples, Writer out)
            throws IOException {
        List<VariantScores> ran = variants.stream().filter(VariantScores::ok).toList();
        StringBuilder row = new StringBuilder(16 + 16 * ran.size());
        row.append("sample_id,label");
        for (VariantScores v : ran) row.append(',').append(v.name());
        out.write(row.append('\n').toString());
        for (int i = 0; i < samples; i++) {
            row.setLength(0);
            row.append(i).append(',');
            if (labels != null) row.append(labels[i] ? '1' : '0');
            for (VariantScores v : ran) row.append(',').append(v.scores()[i]);
            out.append(row.append('\n'));
        }
    }
}
