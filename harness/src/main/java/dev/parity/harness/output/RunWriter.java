package dev.parity.harness.output;

import dev.parity.common.AtomicFiles;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.BenchSummary;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.LocaliseReport;
import dev.parity.harness.results.RepairReport;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.EvaluationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's files: summary.json, scores.csv and/or scores.parquet, report.html, report.md, junit.xml, the raw scores (shard.json,
 * scores/) and a benchmark's bench.json, all or nothing into a new folder; or (after a benchmark, a localisation)
 * the summary and reports again into the existing folder, file by file. Each file is rendered once per call.
 */
public final class RunWriter {
    private RunWriter() {
    }

    /**
     * Writes a new run folder, all or nothing.
     *
     * @param bench the benchmark taken before deciding (written as bench.json), or null
     * @param trend the spec's recent runs from the run store, as a base64 PNG, or null
     * @param scores which files hold the score table (scores.csv, scores.parquet)
     */
    public static void write(RunSummary summary, EvaluationResult result, BenchFigures figures, BenchSummary bench,
                             String trend, ScoresFormat scores, Path outDir) throws IOException {
        try (OutputFolder out = new OutputFolder(outDir, "--out")) {
            // the reports (charts drawn from every score) render on a second core while the score files are written:
            // the two share nothing but the finished result, and at a million samples each took about a second
            java.util.concurrent.CompletableFuture<List<NamedFile>> reports = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> reports(summary, result, figures, List.of(), List.of(), trend));
            ScoreTable table = ScoreTable.of(result);
            if (scores.csv(result.spec(), table.rows())) out.write(RunFolder.SCORES_CSV, w -> ScoresCsv.write(table, w));
            if (scores.parquet(result.spec(), table.rows())) {
                ScoresParquet.write(table, out.path(RunFolder.SCORES_PARQUET));
            }
            // the raw scores again, exactly, as shard 1/1: parity bench re-decides from them, parity merge reads them
            ShardWriter.writeInto(out, result.spec(), result.scored(), result.durationSeconds());
            if (bench != null) out.write(RunFolder.BENCH, RunFileCodec.text(bench));
            for (var f : joined(reports)) out.write(f.name(), f.content());
            out.commit();
        }
    }

    /**
     * Re-renders summary.json and the reports of an existing run folder in place (e.g. once bench.json exists),
     * each file atomically, with the localisations and repairs next to them.
     */
    public static void rewrite(RunSummary summary, EvaluationResult result, BenchFigures figures, String trend,
                               Path outDir) throws IOException {
        for (var f : reports(summary, result, figures, RunFileCodec.localisations(outDir), RunFileCodec.repairs(outDir),
                trend)) {
            AtomicFiles.write(outDir.resolve(f.name()), f.content());
        }
    }

    /**
     * Re-renders report.html of a run folder from its summary as written (summary.json and the other files stay
     * as they are), with the localisations and repairs now next to it.
     *
     * @param trend the spec's recent runs from the run store, as a base64 PNG, or null
     */
    public static void rerenderHtml(RunSummary summary, EvaluationResult result, BenchFigures figures, Path outDir,
                                    String trend) throws IOException {
        AtomicFiles.write(new RunFolder(outDir).reportHtml(), html(summary, result, figures,
                RunFileCodec.localisations(outDir), RunFileCodec.repairs(outDir), trend));
    }

    private record NamedFile(String name, String content) {
    }

    /** The rendered reports, or the failure that stopped them, as thrown. */
    private static List<NamedFile> joined(java.util.concurrent.CompletableFuture<List<NamedFile>> reports) {
        try {
            return reports.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private static List<NamedFile> reports(RunSummary summary, EvaluationResult result, BenchFigures figures,
                                           List<LocaliseReport> localised, List<RepairReport> repairs, String trend) {
        List<NamedFile> files = new ArrayList<>();
        files.add(new NamedFile(RunFolder.SUMMARY, RunFileCodec.text(summary)));
        files.add(new NamedFile(RunFolder.REPORT_MD, MarkdownReport.render(summary)));
        files.add(new NamedFile(RunFolder.JUNIT, JunitXml.render(summary)));
        files.add(new NamedFile(RunFolder.REPORT_HTML, html(summary, result, figures, localised, repairs, trend)));
        return files;
    }

    private static String html(RunSummary summary, EvaluationResult result, BenchFigures figures,
                               List<LocaliseReport> localised, List<RepairReport> repairs, String trend) {
        List<String> names = new ArrayList<>();
        for (VariantScores v : result.variants()) names.add(v.name());
        return HtmlReport.render(summary, result, HtmlReport.speed(figures, names, new ArrayList<>(figures.batchSizes())),
                figures.rows(), localised, repairs, trend);
    }
}
