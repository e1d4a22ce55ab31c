package dev.parity.harness.pipeline;

import dev.parity.harness.ParityInputException;
import dev.parity.common.AtomicFiles;
import dev.parity.harness.localise.Localisation;
import dev.parity.harness.output.LocaliseTable;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.output.SafeNames;
import dev.parity.harness.results.LocaliseReport;
import dev.parity.harness.results.RepairReport;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.spec.ResolvedSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * parity localise and repair as a library: find the layers that flip a variant's verdicts (and search for the
 * fewest kept in higher precision that pass), write what was found into the spec's run folder (localise-V.json and
 * its chart, repair-V.json), and re-render that folder's report to show it.
 */
public final class LocaliseSession {
    private LocaliseSession() {
    }

    /**
     * Where the search starts and how long it may take.
     *
     * @param runDir     the run folder to write into, or null for runs/&lt;spec name&gt;
     * @param samples    probe samples (the reference's and the variant's scores on them are compared layer by layer)
     * @param candidates layers tried
     */
    public record Request(Path specFile, ResolvedSpec spec, String variant, Path runDir, Path cacheDir, int samples,
                          int candidates, Consumer<String> progress) {
        Path folder() {
            return runDir != null ? runDir : DefaultDirs.run(spec.name());
        }
    }

    /** What was written: the localisation's file (and chart, or null), and whether the run's report now shows it. */
    public record Localised(LocaliseReport report, Path file, Path chart, RunRefresh.Outcome refreshed) {
    }

    /** @param repair the search's result, or null when the variant flips nothing and no search was asked for */
    public record Repaired(LocaliseReport localised, RepairReport repair, Path file, RunRefresh.Outcome refreshed) {
    }

    /**
     * Localising ranks layers by the decisions they change on the probe: a binary score's verdicts, or a multi-class
     * score's top class; a multi-head model has a decision per head, which one ranking cannot weigh.
     */
    private static void requireOneDecision(ResolvedSpec spec, String command) {
        if (spec.multiHead()) {
            throw new ParityInputException(spec.source() + ": parity " + command + " ranks layers by the decisions they "
                    + "change, and a multi-head model (" + spec.scoreWidth() + " heads) has one per head: give --head "
                    + "NAME (one of " + spec.heads().stream().map(ResolvedSpec.Head::name).toList() + ")");
        }
    }



    public static Localised localise(Request r) throws IOException {
        requireOneDecision(r.spec(), "localise");
        Path dir = r.folder();
        RunFolders.requireOurs(dir, "--out"); // before the long work, not after it
        Localisation.Found found = Localisation.localise(r.spec(), r.variant(), r.cacheDir(), r.samples(),
                r.candidates(), r.progress());
        Path json = writeLocalisation(dir, found.report());
        Path chart = null;
        byte[] png = LocaliseTable.chartPng(found.report());
        if (png != null) {
            chart = new RunFolder(dir).localise(SafeNames.folder(found.report().variant()), ".png");
            AtomicFiles.write(chart, png);
            RunFolders.add(dir, chart.getFileName().toString());
        }
        return new Localised(found.report(), json, chart, RunRefresh.rerender(r.specFile(), dir));
    }

    /**
     * @param minAgreement the agreement the repaired variant must reach (null: the spec's min_agreement); with null
     *                     and no flips, nothing is searched
     */
    public static Repaired repair(Request r, Double minAgreement, int trials, long seconds, long speedMillis,
                                  String name) throws IOException {
        requireOneDecision(r.spec(), "repair");
        Path dir = r.folder();
        RunFolders.requireOurs(dir, "--out");
        Localisation.Found found = Localisation.localise(r.spec(), r.variant(), r.cacheDir(), r.samples(),
                r.candidates(), r.progress());
        if (found.report().probeFlips() == 0 && minAgreement == null) {
            return new Repaired(found.report(), null, null, null);
        }
        RepairReport report = Localisation.repair(found, minAgreement, trials, seconds, speedMillis,
                name != null ? name : r.variant() + "-repaired", r.progress());
        writeLocalisation(dir, found.report());
        Path file = new RunFolder(dir).repair(SafeNames.folder(r.variant()));
        AtomicFiles.write(file, RunFileCodec.text(report));
        RunFolders.add(dir, file.getFileName().toString());
        return new Repaired(found.report(), report, file, RunRefresh.rerender(r.specFile(), dir));
    }

    /** localise-VARIANT.json into the folder (a Parity folder, as --out requires). */
    private static Path writeLocalisation(Path dir, LocaliseReport report) throws IOException {
        Files.createDirectories(dir);
        Path file = new RunFolder(dir).localise(SafeNames.folder(report.variant()), ".json");
        AtomicFiles.write(file, RunFileCodec.text(report));
        RunFolders.add(dir, file.getFileName().toString());
        return file;
    }
}
