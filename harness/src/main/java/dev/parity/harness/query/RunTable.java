package dev.parity.harness.query;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A run folder's scores (scores.parquet, or scores.csv) as a Tablesaw table, with what its summary.json says of it: which columns are
 * variants, which the reference is, and the reference threshold at which verdicts are compared. Scores are read
 * as float32, the type they were written from, so that verdicts here are the run's verdicts to the last sample.
 */
public final class RunTable implements RowFilter.Row {
    private final Table table;
    private final RunSummary summary;
    private final List<String> variants;
    private final double threshold;
    /** A multi-class run's: each variant's column holds its class, not a score. */
    private final boolean classes;
    /**
     * Per variant column, the threshold its verdicts are taken at and the reference column it is compared with: the
     * reference's threshold and column, or (multi-head) its head's.
     */
    private final Map<String, Double> thresholds = new HashMap<>();
    private final Map<String, String> references = new HashMap<>();

    private RunTable(Table table, RunSummary summary, List<String> variants) {
        this.table = table;
        this.summary = summary;
        this.variants = variants;
        this.classes = summary.classes() != null;
        this.threshold = summary.reference().threshold();
        String ref = summary.reference().variant();
        if (summary.heads() != null) {
            for (RunSummary.HeadInfo h : summary.heads()) {
                for (RunSummary.VariantInfo v : summary.variants()) {
                    thresholds.put(RunFolder.headColumn(v.name(), h.name()), h.reference().threshold());
                    references.put(RunFolder.headColumn(v.name(), h.name()), RunFolder.headColumn(ref, h.name()));
                }
            }
        } else {
            for (String v : variants) {
                thresholds.put(v, threshold);
                references.put(v, ref);
            }
        }
    }

    /** @throws ParityInputException when the folder is not a finished run */
    public static RunTable load(Path run) {
        Path summaryFile = new RunFolder(run).summary();
        // scores.parquet when the run wrote it (typed and faster to read), else scores.csv: the same table
        Path parquet = new RunFolder(run).scoresParquet();
        Path scores = Files.isRegularFile(parquet) ? parquet : new RunFolder(run).scoresCsv();
        if (!Files.isRegularFile(summaryFile) || !Files.isRegularFile(scores)) {
            throw new ParityInputException(run + ": not a run folder (needs summary.json and scores.csv or "
                    + "scores.parquet, as parity eval writes them)");
        }
        RunSummary summary = RunFileCodec.readSummary(summaryFile);
        Set<String> ran = new LinkedHashSet<>();
        for (RunSummary.VariantInfo v : summary.variants()) {
            if (summary.heads() != null && v.scoreDrift() != null) {
                // a multi-head run's variant columns are one per head: VARIANT:HEAD
                for (RunSummary.HeadInfo h : summary.heads()) ran.add(RunFolder.headColumn(v.name(), h.name()));
            } else if (v.atReferenceThreshold() != null || v.classes() != null) {
                ran.add(v.name());
            }
        }
        boolean multiClass = summary.classes() != null;
        // a multi-class run's variant columns hold classes, and VARIANT.score its score for the reference's class
        java.util.function.Function<String, ColumnType> types = name -> multiClass
                ? (name.endsWith(RunFolder.CLASS_SCORE_SUFFIX) && ran.contains(name.substring(0,
                name.length() - RunFolder.CLASS_SCORE_SUFFIX.length())) ? ColumnType.FLOAT : ColumnType.STRING)
                : ran.contains(name) ? ColumnType.FLOAT
                : name.equals("label") || name.startsWith("label:") ? ColumnType.INTEGER
                : ColumnType.STRING;
        Table t;
        try {
            t = scores.equals(parquet) ? ParquetScores.read(scores, types)
                    : Table.read().usingOptions(CsvReadOptions.builder(scores.toFile())
                    .missingValueIndicator("") // scores may be NaN: that is a value here, not a gap
                    .columnTypes(types));
        } catch (ParityInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ParityInputException(scores + ": cannot be read as a run's scores: " + e.getMessage());
        }
        List<String> variants = new ArrayList<>();
        for (String v : ran) {
            if (!t.containsColumn(v)) {
                throw new ParityInputException(scores + ": no column for variant '" + v + "', which summary.json "
                        + "says ran; the files are from different runs");
            }
            variants.add(v);
        }
        if (t.rowCount() != summary.dataset().samples()) {
            throw new ParityInputException(scores + ": " + t.rowCount() + " rows, but summary.json says "
                    + summary.dataset().samples() + " samples");
        }
        return new RunTable(t, summary, variants);
    }

    public Table table() {
        return table;
    }

    public RunSummary summary() {
        return summary;
    }

    /** Variants that ran, in spec order (the reference included). */
    public List<String> variants() {
        return variants;
    }

    public String referenceName() {
        return summary.reference().variant();
    }

    /** The columns holding the reference's decisions: its own, or (multi-head) one per head. */
    public List<String> referenceColumns() {
        if (summary.heads() == null) return List.of(referenceName());
        return summary.heads().stream().map(h -> RunFolder.headColumn(referenceName(), h.name())).toList();
    }

    /** The reference threshold; NaN for a multi-class run (no threshold) or a multi-head one (one per head). */
    public double threshold() {
        return threshold;
    }

    @Override
    public String text(String column, int row) {
        Column<?> c = table.column(column);
        if (c instanceof FloatColumn f) return Float.toString(f.getFloat(row)); // NaN, which Tablesaw calls missing
        return c.isMissing(row) ? null : c.getString(row);
    }

    @Override
    public Double number(String column, int row) {
        Column<?> c = table.column(column);
        if (c instanceof FloatColumn f) return (double) f.getFloat(row);
        if (c.isMissing(row)) return null;
        if (c instanceof tech.tablesaw.api.IntColumn i) return (double) i.getInt(row);
        try {
            return Double.parseDouble(c.getString(row));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean positive(String variant, int row) {
        if (classes) {
            throw new ParityInputException("positive(" + variant + ") is a binary score's verdict; this run is "
                    + "multi-class: compare the variant's class column instead, e.g. `" + variant + "` = 'name'");
        }
        return table.floatColumn(variant).getFloat(row) >= thresholds.get(variant);
    }

    /** Binary: the verdict differs at the reference threshold; multi-class: the top class differs (or is none). */
    @Override
    public boolean flipped(String variant, int row) {
        if (classes) {
            String mine = table.stringColumn(variant).get(row);
            return mine.equals("none") || !mine.equals(table.stringColumn(referenceName()).get(row));
        }
        return positive(variant, row) != positive(references.get(variant), row);
    }

    /** Binary: |variant - reference| score; multi-class: the same on the scores for the reference's class. */
    @Override
    public double diff(String variant, int row) {
        if (classes) {
            return Math.abs((double) table.floatColumn(variant + RunFolder.CLASS_SCORE_SUFFIX).getFloat(row)
                    - table.floatColumn(referenceName() + RunFolder.CLASS_SCORE_SUFFIX).getFloat(row));
        }
        return Math.abs((double) table.floatColumn(variant).getFloat(row)
                - table.floatColumn(references.get(variant)).getFloat(row));
    }
}
