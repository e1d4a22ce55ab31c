package dev.parity.harness.output;

import dev.parity.harness.results.Classes;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.metrics.ClassScores;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of a run's scores, one row per sample, as scores.csv and scores.parquet both hold it: sample_id (the
 * dataset's id when it has one, else the row number), the label, one column per slice column, then the variants that
 * ran in spec order. A binary run has one score column per variant; a multi-head run a label column per head
 * ({@code label:HEAD}) and a score column per variant and head ({@code VARIANT:HEAD}); a multi-class run its label as
 * a class name and per variant its class (its top class's name, "none" when a score is not finite) and, in
 * {@code VARIANT.score}, its score for the reference's class (NaN where the reference has no class).
 */
public final class ScoreTable {
    /**
     * TEXT cells are strings, LABEL cells 0 or 1, SCORE cells float32; TEXT and LABEL cells may be empty. ROW is the
     * sample_id of a dataset without ids: the row number, as text in CSV and as int64 in Parquet.
     */
    public enum Kind {
        TEXT, LABEL, SCORE, ROW
    }

    /** A column: its name, its kind and each row's cell (a String, an Integer 0/1, a Float; null when empty). */
    public record Column(String name, Kind kind, Cell cell) {
    }

    @FunctionalInterface
    public interface Cell {
        Object at(int row);
    }

    private final List<Column> columns;
    private final int rows;

    private ScoreTable(List<Column> columns, int rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    public List<Column> columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** The table of a finished evaluation, in the layout its kind of score has. */
    public static ScoreTable of(EvaluationResult result) {
        if (result.multiHead()) {
            return heads(result.variants(), result.info(), result.spec().heads().stream()
                    .map(ResolvedSpec.Head::name).toList(), (int) result.samples());
        }
        if (result.multiClass()) {
            return classes(result.variants(), result.info(), result.spec().classes(), result.spec().reference());
        }
        return binary(result.variants(), result.info(), (int) result.samples());
    }

    public static ScoreTable binary(List<VariantScores> variants, SampleInfo info, int samples) {
        List<Column> cols = new ArrayList<>();
        cols.add(id(info));
        cols.add(label("label", info.labels()));
        slices(info, cols);
        for (VariantScores v : ran(variants)) cols.add(score(v.name(), v.scores(), 1, 0));
        return new ScoreTable(cols, samples);
    }

    public static ScoreTable heads(List<VariantScores> variants, SampleInfo info, List<String> heads, int samples) {
        List<Column> cols = new ArrayList<>();
        cols.add(id(info));
        for (int h = 0; h < heads.size(); h++) {
            cols.add(label(RunFolder.headColumn("label", heads.get(h)), info.headLabels().get(h)));
        }
        slices(info, cols);
        for (VariantScores v : ran(variants)) {
            for (int h = 0; h < heads.size(); h++) {
                cols.add(score(RunFolder.headColumn(v.name(), heads.get(h)), v.scores(), heads.size(), h));
            }
        }
        return new ScoreTable(cols, samples);
    }

    public static ScoreTable classes(List<VariantScores> variants, SampleInfo info, Classes classes,
                                     String reference) {
        List<VariantScores> ran = ran(variants);
        int k = classes.count();
        ClassScores ref = new ClassScores(ran.stream().filter(v -> v.name().equals(reference)).findFirst()
                .orElseThrow().scores(), k);
        List<Column> cols = new ArrayList<>();
        cols.add(id(info));
        int[] labels = info.classLabels();
        cols.add(new Column("label", Kind.TEXT, i -> labels == null ? null : classes.name(labels[i])));
        slices(info, cols);
        for (VariantScores v : ran) {
            ClassScores mine = new ClassScores(v.scores(), k);
            cols.add(new Column(v.name(), Kind.TEXT, i -> classes.name(mine.top1(i))));
            cols.add(new Column(v.name() + RunFolder.CLASS_SCORE_SUFFIX, Kind.SCORE, i -> {
                int refClass = ref.top1(i);
                return refClass < 0 ? Float.NaN : mine.at(i, refClass);
            }));
        }
        return new ScoreTable(cols, ref.samples());
    }

    private static List<VariantScores> ran(List<VariantScores> variants) {
        return variants.stream().filter(VariantScores::ok).toList();
    }

    private static Column id(SampleInfo info) {
        String[] ids = info.ids();
        if (ids == null) return new Column("sample_id", Kind.ROW, i -> (long) i);
        return new Column("sample_id", Kind.TEXT, i -> ids[i]);
    }

    private static Column label(String name, boolean[] labels) {
        return new Column(name, Kind.LABEL, i -> labels == null ? null : labels[i] ? 1 : 0);
    }

    private static void slices(SampleInfo info, List<Column> cols) {
        for (SampleInfo.SliceColumn c : info.slices()) cols.add(new Column(c.name(), Kind.TEXT, c::valueOf));
    }

    /** Element {@code at} of each sample's {@code width} scores. */
    private static Column score(String name, float[] scores, int width, int at) {
        return new Column(name, Kind.SCORE, i -> scores[i * width + at]);
    }
}
