package dev.parity.app;

import dev.parity.harness.pipeline.DefaultDirs;
import dev.parity.harness.pipeline.RunRefresh;
import dev.parity.harness.localise.Localisation;
import dev.parity.harness.output.LocaliseTable;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.output.SafeNames;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.common.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity localise SPEC --variant NAME}: which tensors of a variant drift, and which node flips verdicts. */
@Command(name = "localise", aliases = "localize", mixinStandardHelpOptions = true,
        description = {"Compares every tensor of a variant with its FP32 source's (SQNR, cosine, max |diff|, in graph "
                + "order) on the samples it flips and those nearest the threshold, then keeps the nodes where drift "
                + "enters in FP32 one at a time and counts the verdicts each gives back. Writes localise-VARIANT.json "
                + "and .png into the run folder, whose report.html then shows them."})
final class LocaliseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC")
    Path spec;

    @Option(names = "--variant", required = true, paramLabel = "NAME", description = "The variant to localise.")
    String variant;

    @Option(names = "--samples", paramLabel = "N", description = "Probe samples: every flipped one, then the "
            + "nearest the threshold, up to N (default ${DEFAULT-VALUE}).", defaultValue = "512")
    int samples;

    @Option(names = "--candidates", paramLabel = "N", description = "Nodes tried one at a time in FP32, largest "
            + "SQNR drop first; 0: no attribution (default ${DEFAULT-VALUE}).", defaultValue = "8")
    int candidates;

    @Mixin
    CacheOption cache = new CacheOption();

    @Mixin
    RunFolderOption runFolder = new RunFolderOption();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Spec
    CommandSpec command;

    /** Writes localise-VARIANT.json into the folder (a Parity folder, as --out requires); returns its base name. */
    static String write(Path dir, dev.parity.harness.results.LocaliseReport report) throws java.io.IOException {
        Files.createDirectories(dir);
        String safe = SafeNames.folder(report.variant());
        Path file = new RunFolder(dir).localise(safe, ".json");
        AtomicFiles.write(file, RunFileCodec.text(report));
        RunFolders.add(dir, file.getFileName().toString());
        return safe;
    }

    @Override
    public Integer call() throws Exception {
        ResolvedSpec resolved = SpecLoader.load(spec);
        if (samples < 1) throw new dev.parity.harness.ParityInputException("--samples must be >= 1, found " + samples);
        Path dir = runFolder.dir != null ? runFolder.dir : DefaultDirs.run(resolved.name());
        RunFolders.requireOurs(dir, "--out");
        PrintWriter o = command.commandLine().getOut();
        var found = Localisation.localise(resolved, variant, cache.dir(), samples,
                candidates, quiet.progress(command.commandLine().getErr()));
        String safe = write(dir, found.report());
        byte[] png = LocaliseTable.chartPng(found.report());
        RunFolder folder = new RunFolder(dir);
        if (png != null) {
            AtomicFiles.write(folder.localise(safe, ".png"), png);
            RunFolders.add(dir, folder.localise(safe, ".png").getFileName().toString());
        }
        o.print(LocaliseTable.render(found.report()));
        RunRefresh.Outcome r = RunRefresh.rerender(spec, dir);
        o.println();
        o.println("Wrote " + folder.localise(safe, ".json") + (png != null ? " and .png" : "")
                + (r.refreshed() ? "; " + r.message() : " (" + r.message() + ")"));
        o.flush();
        return 0;
    }
}
