package dev.parity.app;

import dev.parity.benchmarks.BenchRunner;
import dev.parity.benchmarks.BenchTable;
import dev.parity.benchmarks.EvalLoopBench;

import dev.parity.common.AtomicFiles;
import dev.parity.harness.ParityInputException;
import dev.parity.app.CacheOption;
import dev.parity.harness.pipeline.DefaultDirs;
import dev.parity.harness.pipeline.RunRefresh;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.results.BenchSummary;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.spec.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity bench SPEC}: JMH throughput and latency of every variant, written to bench.json. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks every variant of the spec with JMH: throughput (samples/s) and latency "
                + "percentiles per batch size, with inputs drawn from the real dataset, sessions opened once per "
                + "trial. Variants that cannot run here are listed as unavailable.",
                "Writes bench.json (our summary plus JMH's own results, the machine, and achieved GFLOP/s against "
                        + "the CPU's peak) into the output folder, next to an eval's summary.json if there is one."})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The eval spec (YAML).")
    Path spec;

    @Option(names = "--batch-sizes", split = ",", paramLabel = "N,N", defaultValue = BenchRunner.Options.BATCH_SIZES,
            description = "Batch sizes to measure (default ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--variant", paramLabel = "NAME", description = "Benchmark only this variant; repeatable.")
    List<String> variants = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "Variant the throughput ratios are taken against. Default: onnx-fp32 if present.")
    String baseline;

    @Option(names = "--threads", defaultValue = BenchRunner.Options.THREADS, paramLabel = "N",
            description = "Intra-op threads per runtime (default ${DEFAULT-VALUE}: steadier figures on a shared "
                    + "2-core machine; 0 lets each runtime choose).")
    int threads;

    @Option(names = "--forks", defaultValue = BenchRunner.Options.FORKS, description = "JMH forks per benchmark (default ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--warmup", defaultValue = BenchRunner.Options.WARMUP, description = "Warm-up iterations (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = BenchRunner.Options.ITERATIONS,
            description = "Measurement iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--iteration-ms", defaultValue = BenchRunner.Options.ITERATION_MS,
            description = "Length of each iteration in ms (default ${DEFAULT-VALUE}).")
    int iterationMs;

    @Option(names = "--overhead", description = "Also measure Parity's own path against a bare ONNX Runtime loop.")
    boolean overhead;

    @Option(names = "--metrics", description = "Also time the metrics on 10 million synthetic scores.")
    boolean metrics;

    @Option(names = "--eval-loop", description = "Instead of JMH: measure how well the evaluation loop uses the "
            + "machine (each variant alone on one thread, then the real scoring pass; efficiency = sum of the lone "
            + "times / (cores x the pass's wall time)), and the TorchScript reference against libtorch's own rate "
            + "from Python where torch is installed. Writes eval-loop.json.")
    boolean evalLoop;

    @Mixin
    CacheOption cache = new CacheOption();

    @Mixin
    RunFolderOption runFolder = new RunFolderOption();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        for (int b : batchSizes) {
            if (b < 1) throw new ParityInputException("--batch-sizes: " + b + " is not a batch size (must be >= 1)");
        }
        if (forks < 0 || warmup < 0 || iterations < 1 || iterationMs < 10 || threads < 0) {
            throw new ParityInputException("--forks/--warmup >= 0, --iterations >= 1, --iteration-ms >= 10, "
                    + "--threads >= 0");
        }
        String name = SpecLoader.load(spec).name();
        Path dir = runFolder.dir != null ? runFolder.dir : DefaultDirs.run(name);
        RunFolders.requireOurs(dir, "--out"); // before the benchmark, not after it
        Path cacheDir = cache.dir();
        PrintWriter err = command.commandLine().getErr();
        if (evalLoop) {
            EvalLoopBench.Result r = EvalLoopBench.run(spec, cacheDir, EvalLoopBench.repoRoot(),
                    m -> err.println("[parity] " + m));
            Path file = new dev.parity.harness.results.RunFolder(dir).evalLoop();
            AtomicFiles.write(file, dev.parity.harness.results.Json.MAPPER.writeValueAsString(r) + "\n");
            RunFolders.add(dir, file.getFileName().toString());
            PrintWriter o = command.commandLine().getOut();
            o.print(EvalLoopBench.render(r));
            o.printf("Wrote %s%n", file.toAbsolutePath().normalize());
            o.flush();
            return 0;
        }
        BenchSummary summary = BenchRunner.run(new BenchRunner.Options(spec, cacheDir, batchSizes, forks, warmup,
                iterations, iterationMs, threads, variants, baseline, overhead, metrics, List.of(), !quiet.on),
                m -> err.println("[parity] " + m));
        Path file = writeAtomically(dir, summary);
        PrintWriter o = command.commandLine().getOut();
        o.print(BenchTable.render(summary));
        o.printf("%nWrote %s%n", file.toAbsolutePath().normalize());
        // a benchmark into an evaluation's folder updates its recommendation and reports
        // a run with its benchmark is a new state of the run: decided again, and the store keeps it (again)
        RunRefresh.Outcome refreshed = RunRefresh.withBench(spec, dir);
        o.println(refreshed.message());
        if (refreshed.recorded() != null) o.println(refreshed.recorded());
        o.flush();
        return 0;
    }

    /** `parity eval --bench`: the default benchmark of the spec, taken before the run decides; its table printed. */
    static BenchSummary beforeDecision(Path spec, Path cacheDir, long samples, PrintWriter out, PrintWriter err) {
        BenchSummary summary = BenchRunner.run(BenchRunner.Options.defaults(spec, cacheDir, samples),
                m -> err.println("[parity] " + m));
        out.print(BenchTable.render(summary));
        out.println();
        out.flush();
        return summary;
    }

    /** bench.json goes into an existing run folder without disturbing its other files, and joins its marker. */
    private static Path writeAtomically(Path dir, BenchSummary summary) throws java.io.IOException {
        Path target = new dev.parity.harness.results.RunFolder(dir).bench();
        AtomicFiles.write(target, RunFileCodec.text(summary));
        RunFolders.add(dir, target.getFileName().toString());
        return target;
    }
}
