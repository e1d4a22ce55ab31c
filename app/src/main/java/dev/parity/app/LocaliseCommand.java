package dev.parity.app;

import dev.parity.harness.pipeline.LocaliseSession;
import dev.parity.harness.pipeline.RunRefresh;
import dev.parity.harness.output.LocaliseTable;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.PrintWriter;
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
    HeadOption head = new HeadOption();

    @Mixin
    RunFolderOption runFolder = new RunFolderOption();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ResolvedSpec resolved = head.apply(SpecLoader.load(spec));
        if (samples < 1) throw new dev.parity.harness.ParityInputException("--samples must be >= 1, found " + samples);
        LocaliseSession.Localised found = LocaliseSession.localise(new LocaliseSession.Request(spec, resolved, variant,
                runFolder.dir, cache.dir(), samples, candidates, quiet.progress(command.commandLine().getErr())));
        PrintWriter o = command.commandLine().getOut();
        o.print(LocaliseTable.render(found.report()));
        RunRefresh.Outcome r = found.refreshed();
        o.println();
        o.println("Wrote " + found.file() + (found.chart() != null ? " and .png" : "")
                + (r.refreshed() ? "; " + r.message() : " (" + r.message() + ")"));
        o.flush();
        return 0;
    }
}
