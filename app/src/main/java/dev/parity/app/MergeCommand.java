package dev.parity.app;

import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.spec.SpecLoader;
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



    @Mixin
    RunFolderOption out = new RunFolderOption();

    @Mixin
    BaselineOption baseline = new BaselineOption();

    @Mixin
    HistoryOptions history = new HistoryOptions();


    @Mixin
    SpeedProbeOption speedProbe = new SpeedProbeOption();

    @Mixin
    ScoresOption scores = new ScoresOption();

    @Mixin
    CacheOption cache = new CacheOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        RunSession.Finished run = RunSession.run(SpecLoader.load(spec), RunSession.shards(shards),
                new RunSession.Settings(out.dir, cache.dir(), baseline.value, baseline.force, history.file(), history.records(),
                        speedProbe.millis, null, null, m -> err.println("[parity] " + m), err::println,
                        scores.value()));
        PrintWriter o = command.commandLine().getOut();
        o.print(run.table());
        o.flush();
        err.flush();
        return run.exitCode();
    }
}
