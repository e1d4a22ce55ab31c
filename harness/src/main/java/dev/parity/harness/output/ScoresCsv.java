package dev.parity.harness.output;

import dev.parity.harness.results.Classes;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.VariantScores;
import dev.parity.metrics.ClassScores;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * scores.csv: sample_id (the dataset's id when it has one, else the row number), label, one column per slice
 * column, then one column per variant that ran, in spec order. Floats are written in Java's shortest round-trip
 * form, so the file reproduces the exact scores. Label is empty without labels; text is quoted as RFC 4180 says.
 */
public final class ScoresCsv {
    private ScoresCsv() {
    }

    public static String render(List<VariantScores> variants, SampleInfo info, int samples) {
        StringWriter out = new StringWriter();
        try {
            write(variants, info, samples, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Streams the file: at 4M samples it is some 200 MB, which need not be held as one string. */
    public static void write(List<VariantScores> variants, SampleInfo info, int samples, Writer out)
            throws IOException {
        List<VariantScores> ran = variants.stream().filter(VariantScores::ok).toList();
        boolean[] labels = info.labels();
        StringBuilder row = new StringBuilder(16 + 16 * ran.size());
        row.append("sample_id,label");
        for (SampleInfo.SliceColumn c : info.slices()) row.append(',').append(quoted(c.name()));
        for (VariantScores v : ran) row.append(',').append(v.name());
        out.write(row.append('\n').toString());
        for (int i = 0; i < samples; i++) {
            row.setLength(0);
            if (info.ids() == null) row.append(i);
            else row.append(quoted(info.ids()[i]));
            row.append(',');
            if (labels != null) row.append(labels[i] ? '1' : '0');
            for (SampleInfo.SliceColumn c : info.slices()) row.append(',').append(quoted(c.valueOf(i)));
            for (VariantScores v : ran) row.append(',').append(v.scores()[i]);
            out.append(row.append('\n'));
        }
    }

    /**
     * A multi-head run's scores.csv: a label column per head ({@code label:HEAD}), then per variant that ran one score
     * column per head ({@code VARIANT:HEAD}), in spec order.
     */
    public static void writeHeads(List<VariantScores> variants, SampleInfo info, List<String> heads, int samples,
                                  Writer out) throws IOException {
        List<VariantScores> ran = variants.stream().filter(VariantScores::ok).toList();
        int w = heads.size();
        StringBuilder row = new StringBuilder(16 + 16 * ran.size() * w);
        row.append("sample_id");
        for (String h : heads) row.append(',').append(RunFolder.headColumn("label", h));
        for (SampleInfo.SliceColumn c : info.slices()) row.append(',').append(quoted(c.name()));
        for (VariantScores v : ran) for (String h : heads) row.append(',').append(RunFolder.headColumn(v.name(), h));
        out.write(row.append('\n').toString());
        for (int i = 0; i < samples; i++) {
            row.setLength(0);
            if (info.ids() == null) row.append(i);
            else row.append(quoted(info.ids()[i]));
            for (boolean[] labels : info.headLabels()) {
                row.append(',');
                if (labels != null) row.append(labels[i] ? '1' : '0');
            }
            for (SampleInfo.SliceColumn c : info.slices()) row.append(',').append(quoted(c.valueOf(i)));
            for (VariantScores v : ran) for (int j = 0; j < w; j++) row.append(',').append(v.scores()[i * w + j]);
            out.append(row.append('\n'));
        }
    }

    /**
     * A multi-class run's scores.csv: the label as its class name, and per variant that ran its class (its top
     * class's name, "none" when a score is not finite) and, in {@code VARIANT.score}, its score for the
     * reference's class (how far the variant moved on the reference's decision; NaN where the reference has none).
     */
    public static void writeClasses(List<VariantScores> variants, SampleInfo info, Classes classes,
                                    String reference, Writer out) throws IOException {
        List<VariantScores> ran = variants.stream().filter(VariantScores::ok).toList();
        int k = classes.count();
        ClassScores ref = new ClassScores(ran.stream().filter(v -> v.name().equals(reference)).findFirst()
                .orElseThrow().scores(), k);
        List<ClassScores> scores = ran.stream().map(v -> new ClassScores(v.scores(), k)).toList();
        int[] labels = info.classLabels();
        StringBuilder row = new StringBuilder(16 + 32 * ran.size());
        row.append("sample_id,label");
        for (SampleInfo.SliceColumn c : info.slices()) row.append(',').append(quoted(c.name()));
        for (VariantScores v : ran) row.append(',').append(v.name()).append(',').append(v.name()).append(RunFolder.CLASS_SCORE_SUFFIX);
        out.write(row.append('\n').toString());
        for (int i = 0; i < ref.samples(); i++) {
            row.setLength(0);
            if (info.ids() == null) row.append(i);
            else row.append(quoted(info.ids()[i]));
            row.append(',');
            if (labels != null) row.append(quoted(classes.name(labels[i])));
            for (SampleInfo.SliceColumn c : info.slices()) row.append(',').append(quoted(c.valueOf(i)));
            int refClass = ref.top1(i);
            for (ClassScores v : scores) {
                row.append(',').append(quoted(classes.name(v.top1(i)))).append(',')
                        .append(refClass < 0 ? Float.NaN : v.at(i, refClass));
            }
            out.append(row.append('\n'));
        }
    }

    /** A text cell, quoted when it holds a comma, a quote or a line break. */
    public static String quoted(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
