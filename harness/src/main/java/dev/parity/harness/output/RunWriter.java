package dev.parity.harness.output;

import dev.parity.common.AtomicFiles;
import dev.parity.harness.results.BenchFigures;
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
 * Writes a run's files: summary.json, scores.csv, report.html, report.md, junit.xml, and the raw scores
 * (shard.json, scores/), all or nothing into a
 * new folder, or (after a benchmark) the summary and reports again into the existing folder, file by file.
 */
public final class RunWriter {
    private RunWriter() {
    }

    public static RunSummary write(EvaluationResult result, Decision decision, BenchFigures bench, Path outDir)
            throws IOException {
        RunSummary summary = SummaryFactory.from(result, decision);
        try (OutputFolder out = new OutputFolder(outDir, "--out")) {
            out.write(RunFolder.SCORES_CSV, w -> ScoresCsv.write(result.variants(), result.info(), (int) result.samples(), w));
            // the raw scores again, exactly, as shard 1/1: parity bench re-decides from them, parity merge reads them
            ShardWriter.writeInto(out, result.spec(), result.scored(), result.durationSeconds());
            for (var f : reports(summary, result, bench, List.of(), List.of())) out.write(f.name(), f.content());
            out.commit();
        }
        return summary;
    }

    /** Re-renders summary.json and the reports in place (e.g. once bench.json exists), each file atomically. */
    public static RunSummary rewrite(EvaluationResult result, Decision decision, BenchFigures bench, Path outDir)
            throws IOException {
        RunSummary summary = SummaryFactory.from(result, decision);
        for (var f : reports(summary, result, bench, RunFileCodec.localisations(outDir), RunFileCodec.repairs(outDir))) {
            AtomicFiles.write(outDir.resolve(f.name()), f.content());
        }
        return summary;
    }

    /**
     * Re-renders report.html of a run folder from its summary as written (summary.json and the other files stay
     * as they are), with the localisations now next to it.
     */
    public static void rerenderHtml(RunSummary summary, EvaluationResult result, BenchFigures bench, Path outDir)
            throws IOException {
        rerenderHtml(summary, result, bench, outDir, null);
    }

    /** @param trend the spec's recent runs from the run store, as a base64 PNG, or null */
    public static void rerenderHtml(RunSummary summary, EvaluationResult result, BenchFigures bench, Path outDir,
                                    String trend) throws IOException {
        List<String> names = new ArrayList<>();
        for (VariantScores v : result.variants()) names.add(v.name());
        AtomicFiles.write(new RunFolder(outDir).reportHtml(), HtmlReport.render(summary, result,
                HtmlReport.speed(bench, names, new ArrayList<>(bench.batchSizes())), bench.rows(),
                RunFileCodec.localisations(outDir), RunFileCodec.repairs(outDir), trend));
    }

    private record NamedFile(String name, String content) {
    }

    private static List<NamedFile> reports(RunSummary summary, EvaluationResult result, BenchFigures bench,
                                           List<LocaliseReport> localised, List<RepairReport> repairs)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (VariantScores v : result.variants()) names.add(v.name());
        List<NamedFile> files = new ArrayList<>();
        files.add(new NamedFile(RunFolder.SUMMARY, RunFileCodec.text(summary)));
        files.add(new NamedFile(RunFolder.REPORT_MD, MarkdownReport.render(summary)));
        files.add(new NamedFile(RunFolder.JUNIT, JunitXml.render(summary)));
        files.add(new NamedFile(RunFolder.REPORT_HTML, HtmlReport.render(summary, result,
                HtmlReport.speed(bench, names, new ArrayList<>(bench.batchSizes())), bench.rows(), localised,
                repairs, null)));
        return files;
    }
}
