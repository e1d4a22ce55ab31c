package dev.parity.harness.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run folder's layout: the one place that names its files. Everything that reads or writes a run folder asks this
 * type for the path, and reads and writes the files through {@link RunFileCodec}.
 *
 * @param dir the folder
 */
public record RunFolder(Path dir) {
    public static final String SUMMARY = "summary.json";
    public static final String SCORES_CSV = "scores.csv";
    /** The same table as scores.csv, as Parquet (written instead of or beside it: ScoresFormat). */
    public static final String SCORES_PARQUET = "scores.parquet";
    /** scores.csv of a multi-head run: a variant's (or the label's) column for one head, VARIANT:HEAD. */
    public static String headColumn(String variant, String head) {
        return variant + ":" + head;
    }

    /** scores.csv of a multi-class run: VARIANT holds its class, VARIANT + this its score for the reference's class. */
    public static final String CLASS_SCORE_SUFFIX = ".score";
    public static final String BENCH = "bench.json";
    public static final String SHARD = "shard.json";
    public static final String REPORT_HTML = "report.html";
    public static final String REPORT_MD = "report.md";
    public static final String JUNIT = "junit.xml";
    /** What parity bench --eval-loop measured of the evaluation loop. */
    public static final String EVAL_LOOP = "eval-loop.json";
    /** A shard's raw scores, one file per variant. */
    public static final String RAW_SCORES = "scores";
    /** localise-VARIANT.json (and .png), repair-VARIANT.json. */
    public static final String LOCALISE_PREFIX = "localise-";
    public static final String REPAIR_PREFIX = "repair-";
    /** What a run folder written before Parity marked its folders may hold. */
    public static final List<String> RUN_FILES = List.of(SUMMARY, SCORES_CSV, SCORES_PARQUET, REPORT_HTML, REPORT_MD,
            JUNIT, BENCH, SHARD, RAW_SCORES);

    public Path summary() {
        return dir.resolve(SUMMARY);
    }

    public Path scoresCsv() {
        return dir.resolve(SCORES_CSV);
    }

    public Path scoresParquet() {
        return dir.resolve(SCORES_PARQUET);
    }

    public Path bench() {
        return dir.resolve(BENCH);
    }

    public Path evalLoop() {
        return dir.resolve(EVAL_LOOP);
    }

    public Path shard() {
        return dir.resolve(SHARD);
    }

    public Path reportHtml() {
        return dir.resolve(REPORT_HTML);
    }

    /** localise-NAME.json or .png, for a variant name already made safe for a file name. */
    public Path localise(String safeName, String extension) {
        return dir.resolve(LOCALISE_PREFIX + safeName + extension);
    }

    public Path repair(String safeName) {
        return dir.resolve(REPAIR_PREFIX + safeName + ".json");
    }

    public boolean hasSummary() {
        return Files.isRegularFile(summary());
    }

    /** A shard's folder: a summary and the manifest merge reads. */
    public boolean isShard() {
        return hasSummary() && Files.isRegularFile(shard());
    }

    public RunSummary readSummary() {
        return RunFileCodec.readSummary(summary());
    }
}
