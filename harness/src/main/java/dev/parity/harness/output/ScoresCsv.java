package dev.parity.harness.output;

import dev.parity.harness.results.VariantScores;
import java.util.List;

/**
 * scores.csv: sample_id, label, then one column per variant that ran, in spec order. Floats are written in
 * Java's shortest round-trip form, so the file reproduces the exact scores. Label is empty without labels.
 */
public final class ScoresCsv {
    private ScoresCsv() {
    }

    public static String render(List<VariantScores> variants, boolean[] labels, int samples) {
        List<VariantScores> ran = variants.stream().filter(VariantScores::ok).toList();
        StringBuilder sb = new StringBuilder(samples * (16 + 14 * ran.size()));
        sb.append("sample_id,label");
        for (VariantScores v : ran) sb.append(',').append(v.name());
        sb.append('\n');
        for (int i = 0; i < samples; i++) {
            sb.append(i).append(',');
            if (labels != null) sb.append(labels[i] ? '1' : '0');
            for (VariantScores v : ran) sb.append(',').append(v.scores()[i]);
            sb.append('\n');
        }
        return sb.toString();
    }
}
