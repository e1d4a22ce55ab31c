package dev.parity.harness.cli;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.history.Baselines;
import dev.parity.harness.history.RunStore;
import dev.parity.harness.decide.BaselineCheck;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.output.SafeNames;
import dev.parity.harness.output.ShardWriter;
import dev.parity.harness.output.TerminalReport;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.ShardManifest;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.SpeedProbe;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.worker.IsolatedRunners;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder; replaced as a whole if it is an earlier Parity run. A folder holding "
                    + "anything else is refused (nothing in it is touched). Default: runs/<spec name>.")
    Path out;

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
    CacheOption cache = new CacheOption();

    @Option(names = "--baseline", paramLabel = "SUMMARY|last|last-passing|ID",
            description = "An earlier run: its summary.json, or from the run store the last run of this spec on this "
                    + "dataset, the last that passed, or a run id. Fails (exit 1) when a variant got worse beyond "
                    + "gates.max_agreement_regression, saying which figure moved from what to what.")
    String baseline;

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Option(names = "--force-baseline", description = "Compare with a baseline of another dataset or reference "
            + "model anyway (refused by default: the figures would not be comparable).")
    boolean forceBaseline;

    @Option(names = "--resume", description = "Start from the score checkpoints that an interrupted run of the "
            + "same spec left in the cache: only missing chunks are computed. Checkpoints are always written.")
    boolean resume;

    @Option(names = "--bench", description = "After the evaluation, run `parity bench` with its defaults and write "
            + "bench.json into the same folder.")
    boolean runBench;

    /** Supplied by the full launcher; null when the harness runs alone. */
    AfterEval bench;

    /**
     * How runners are opened: null for the product's way (each local variant in a worker process started in the mode
     * its runtime passed the self-check in); tests substitute failing ones.
     */
    dev.parity.harness.run.ScoringPass.RunnerOpener opener;

    @Mixin
    SpeedProbeOption speedProbe = new SpeedProbeOption();

    @Spec
    CommandSpec command;

    @Option(names = {"-q", "--quiet"}, description = "Print only the result table, not progress.")
    boolean quiet;

    @Option(names = "--shard", paramLabel = "i/n", converter = ShardConverter.class,
            description = "Score only the i-th of n slices of the dataset (1-based, contiguous, deterministic) and "
                    + "write the scores for 'parity merge', which joins the n shards into one run and report. "
                    + "Default output: runs/<spec name>-shard-i-of-n.")
    Shard shard;

    /** Scores one shard and writes it; gates and reports wait for 'parity merge'. */
    private int scoreShard(ResolvedSpec resolved, Path cacheDir, Consumer<String> progress) {
        if (baseline != null || runBench) {
            throw new ParityInputException("--shard writes scores only; give --baseline to 'parity merge', and run "
                    + "'parity bench' on its own");
        }
        Path outDir = out != null ? out : Path.of("runs", SafeNames.folder(resolved.name()) + "-shard-"
                + shard.index() + "-of-" + shard.count());
        RunFolders.requireOurs(outDir, "--out"); // before the long work, not after it
        ScoredRun scored = Evaluation.score(resolved, cacheDir, resume, progress, opener, shard);
        ShardManifest m = OutputErrors.write(outDir, () -> ShardWriter.write(resolved, scored, outDir));
        PrintWriter o = command.commandLine().getOut();
        o.printf("shard %s: samples %d..%d of %d scored%n", shard, m.first(), m.end() - 1, m.samples());
        for (ShardManifest.Entry e : m.variants()) {
            o.printf("  %-20s %s%s%n", e.name(), e.status(), e.reason() == null ? "" : " (" + e.reason() + ")");
        }
        o.printf("wrote %s; join all %d shards with: parity merge %s <shard folders...>%n",
                outDir.toAbsolutePath().normalize(), shard.count(), spec);
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
    public Integer call() throws Exception {
        if (runBench && bench == null) {
            throw new ParityInputException("--bench needs the benchmarks module: run it through ./parity");
        }
        ResolvedSpec resolved = SpecOverrides.apply(SpecLoader.load(spec), batchSize, threads, workers);
        PrintWriter err = command.commandLine().getErr();
        Consumer<String> progress = quiet ? m -> { } : m -> err.println("[parity] " + m);
        String baseName = baseline;
        RunSummary base = null;
        List<String> notes = new ArrayList<>();
        if (baseline != null && Baselines.fromStore(baseline)) {
            try (RunStore store = RunStore.open(history.file())) {
                String datasetSha = dev.parity.harness.run.DatasetHash.of(resolved);
                RunStore.Run run = Baselines.find(store, baseline, resolved.name(), datasetSha).orElse(null);
                if (run == null) {
                    // the first night of a nightly job: no run to compare with yet; this one is recorded for the next
                    baseName = null;
                    notes.add(Baselines.none(store, baseline, resolved.name(), datasetSha) + ", so this run is "
                            + "compared with no baseline; it is recorded, and the next run compares with it.");
                    progress.accept(notes.get(0));
                } else {
                    baseName = "run #" + run.id() + " of " + run.startedAt() + " (" + store.file().getFileName() + ")";
                    base = BaselineCheck.check(resolved, store.summary(run.id()), baseName, forceBaseline);
                }
            }
        } else if (baseline != null) {
            base = BaselineCheck.load(resolved, Path.of(baseline), forceBaseline);
        }
        Path cacheDir = cache.dir();
        if (opener == null) opener = new IsolatedRunners(cacheDir, progress)::open;
        if (shard != null && !shard.whole()) return scoreShard(resolved, cacheDir, progress);
        Path outDir = out != null ? out : DefaultDirs.run(resolved.name());
        RunFolders.requireOurs(outDir, "--out"); // before the long work, not after it
        EvaluationResult result = Evaluation.run(resolved, cacheDir, resume, progress, opener);
        RunReport.Written written = RunReport.write(result, base, baseName, outDir,
                runBench ? dev.parity.harness.run.SpeedSource.NONE : new SpeedProbe(result, speedProbe.millis, opener, progress),
                notes);
        RunSummary summary = written.summary();
        PrintWriter out = command.commandLine().getOut();
        if (runBench) {
            int code = bench.run(spec, outDir, cacheDir, out, err);
            if (code != ParityCli.OK) return code;
            summary = RunRefresh.withFigures(result, BenchFigures.read(new RunFolder(outDir).bench()),
                    written.regressions(), written.baseline(), outDir);
        }
        out.print(TerminalReport.render(summary, outDir.toAbsolutePath().normalize()));
        out.flush();
        int code = ParityCli.exitCode(summary.decision());
        history.record(summary, code, outDir, err, quiet);
        String trend = history.trend(resolved.name());
        if (trend != null) {
            RunWriter.rerenderHtml(summary, result, BenchFigures.read(new RunFolder(outDir).bench()), outDir, trend);
        }
        return code;
    }
}
