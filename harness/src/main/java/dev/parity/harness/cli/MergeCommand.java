package dev.parity.harness.cli;

import dev.parity.harness.decide.BaselineCheck;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.output.TerminalReport;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.ShardMerge;
import dev.parity.harness.run.SpeedProbe;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.worker.IsolatedRunners;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity merge SPEC SHARD...}: joins the shards of one evaluation into one run, with its report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Joins the folders that 'parity eval SPEC --shard i/n' wrote (on one machine or many) into "
                + "one run, as if the whole dataset had been evaluated at once: the same summary.json, reports and "
                + "exit code as 'parity eval'.",
                "Refused unless the shards ran the same tool version, spec, dataset and model files, and together "
                        + "cover every sample exactly once."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The eval spec the shards ran.")
    Path spec;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "SHARD", description = "The shard folders.")
    List<Path> shards;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder; replaced as a whole if it is an earlier Parity run (a folder holding "
                    + "anything else is refused). Default: runs/<spec name>.")
    Path out;

    @Option(names = "--baseline", paramLabel = "SUMMARY",
            description = "An earlier run's summary.json: fail (exit 1) on a regression, as in 'parity eval'.")
    Path baseline;

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Option(names = "--force-baseline", description = "Compare with a baseline of another dataset or reference "
            + "model anyway.")
    boolean forceBaseline;

    @Mixin
    SpeedProbeOption speedProbe = new SpeedProbeOption();

    @Mixin
    CacheOption cache = new CacheOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        ResolvedSpec resolved = SpecLoader.load(spec);
        RunSummary base = baseline == null ? null : BaselineCheck.load(resolved, baseline, forceBaseline);
        Path outDir = out != null ? out : DefaultDirs.run(resolved.name());
        RunFolders.requireOurs(outDir, "--out");
        EvaluationResult result = Evaluation.compare(resolved, ShardMerge.join(resolved, shards));
        RunReport.Written written = RunReport.write(result, base, baseline == null ? null : baseline.toString(), outDir,
                new SpeedProbe(result, speedProbe.millis, new IsolatedRunners(cache.dir(), m -> { })::open,
                        m -> command.commandLine().getErr().println("[parity] " + m)));
        PrintWriter o = command.commandLine().getOut();
        o.print(TerminalReport.render(written.summary(), outDir.toAbsolutePath().normalize()));
        o.flush();
        int code = ParityCli.exitCode(written.decision());
        history.record(written.summary(), code, outDir, command.commandLine().getErr(), false);
        return code;
    }
}
