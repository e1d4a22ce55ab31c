package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.ShardManifest;
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

/** {@code parity eval SPEC}: one evaluation, written to one output folder. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Runs the spec's dataset through the reference and every variant, fits the reference "
                + "threshold at the target precision, and compares each variant with the reference: score drift, "
                + "verdicts at the reference threshold, and the recalibrated threshold.",
                "Holds every variant to the spec's gates and recommends the variant to ship. Writes summary.json, "
                        + "scores.csv, report.html, report.md and junit.xml to the output folder (all or nothing) "
                        + "and prints the recommendation and a table. Exit code 1 when a gate fails."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The eval spec (YAML). Relative paths in it are "
            + "resolved against the spec's folder.")
    Path spec;


    @Option(names = "--batch-size", paramLabel = "N", description = "Overrides the spec's batch_size.")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N",
            description = "Overrides the spec's threads: intra-op threads per runtime (0: the cores divided among the "
                    + "variants scored at once).")
    Integer threads;

    @Option(names = "--workers", paramLabel = "N",
            description = "Overrides the spec's workers: variants scored at once, each on its own worker (0: one per "
                    + "core; 1: one after the other).")
    Integer workers;

    @Mixin
    RunFolderOption out = new RunFolderOption();

    @Mixin
    CacheOption cache = new CacheOption();

    @Mixin
    BaselineOption baseline = new BaselineOption();

    @Mixin
    QuietOption quiet = new QuietOption();


    @Mixin
    HistoryOptions history = new HistoryOptions();


    @Option(names = "--resume", description = "Start from the score checkpoints that an interrupted run of the "
            + "same spec left in the cache: only missing chunks are computed. Checkpoints are always written.")
    boolean resume;

    @Option(names = "--bench", description = "After the evaluation, run `parity bench` with its defaults and write "
            + "bench.json into the same folder.")
    boolean runBench;

    /**
     * How runners are opened: null for the product's way (each local variant in a worker process started in the mode
     * its runtime passed the self-check in); tests substitute failing ones.
     */
    dev.parity.harness.run.ScoringPass.RunnerOpener opener;

    @Mixin
    SpeedProbeOption speedProbe = new SpeedProbeOption();

    @Mixin
    ScoresOption scores = new ScoresOption();

    @Spec
    CommandSpec command;


    @Option(names = "--shard", paramLabel = "i/n", converter = ShardConverter.class,
            description = "Score only the i-th of n slices of the dataset (1-based, contiguous, deterministic) and "
                    + "write the scores for 'parity merge', which joins the n shards into one run and report. "
                    + "Default output: runs/<spec name>-shard-i-of-n.")
    Shard shard;

    /** Scores one shard and writes it; gates and reports wait for 'parity merge'. */
    private int scoreShard(ResolvedSpec resolved, RunSession.Settings settings) {
        if (baseline.value != null || runBench) {
            throw new ParityInputException("--shard writes scores only; give --baseline to 'parity merge', and run "
                    + "'parity bench' on its own");
        }
        ShardManifest m = RunSession.scoreShard(resolved, shard, resume, settings);
        PrintWriter o = command.commandLine().getOut();
        o.printf("shard %s: samples %d..%d of %d scored%n", shard, m.first(), m.end() - 1, m.samples());
        for (ShardManifest.Entry e : m.variants()) {
            o.printf("  %-20s %s%s%n", e.name(), e.status(), e.reason() == null ? "" : " (" + e.reason() + ")");
        }
        o.printf("wrote %s; join all %d shards with: parity merge %s <shard folders...>%n",
                RunSession.shardFolder(resolved, shard, settings).toAbsolutePath().normalize(), shard.count(), spec);
        o.flush();
        return ParityCli.OK;
    }

    /** Parses --shard i/n. */
    static final class ShardConverter implements picocli.CommandLine.ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        ResolvedSpec resolved = SpecOverrides.apply(SpecLoader.load(spec), batchSize, threads, workers);
        PrintWriter err = command.commandLine().getErr();
        PrintWriter o = command.commandLine().getOut();
        RunSession.Settings settings = new RunSession.Settings(out.dir, cache.dir(), baseline.value, baseline.force,
                history.file(), history.records(), speedProbe.millis,
                runBench ? (cacheDir, samples) -> BenchCommand.beforeDecision(spec, cacheDir, samples, o, err) : null, opener,
                quiet.progress(err), err::println, scores.value());
        if (shard != null && !shard.whole()) return scoreShard(resolved, settings);
        RunSession.Finished run = RunSession.run(resolved, RunSession.scoring(resume), settings);
        o.print(run.table());
        o.flush();
        err.flush();
        // the run is written; the benchmark asked for is not, and the exit code says so (the failure's own status)
        if (run.benchFailure() != null) throw run.benchFailure();
        return run.exitCode();
    }
}
