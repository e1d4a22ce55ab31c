package dev.parity.harness.cli;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.RunSummary;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.output.TerminalReport;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity eval SPEC}: one evaluation, written to one output folder. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Runs the spec's dataset through the reference and every variant, fits the reference "
                + "threshold at the target precision, and compares each variant with the reference: score drift, "
                + "verdicts at the reference threshold, and the recalibrated threshold.",
                "Writes summary.json and scores.csv to the output folder (all or nothing) and prints a table."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The eval spec (YAML). Relative paths in it are "
            + "resolved against the spec's folder.")
    Path spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder; replaced as a whole if it exists. Default: runs/<spec name>.")
    Path out;

    @Option(names = "--batch-size", paramLabel = "N", description = "Overrides the spec's batch_size.")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N",
            description = "Overrides the spec's threads (intra-op threads per runtime; 0 lets each choose).")
    Integer threads;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where variants Parity makes (FP16, INT8, "
            + "TensorRT engines) are kept and reused. Default: $PARITY_CACHE, else ~/.cache/parity.")
    Path cache;

    @Option(names = "--bench", description = "After the evaluation, run `parity bench` with its defaults and write "
            + "bench.json into the same folder.")
    boolean runBench;

    /** Supplied by the full launcher; null when the harness runs alone. */
    AfterEval bench;

    @Spec
    CommandSpec command;

    @Option(names = {"-q", "--quiet"}, description = "Print only the result table, not progress.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (runBench && bench == null) {
            throw new ParityInputException("--bench needs the benchmarks module: run it through ./parity");
        }
        ResolvedSpec resolved = SpecOverrides.apply(SpecLoader.load(spec), batchSize, threads);
        PrintWriter err = command.commandLine().getErr();
        Consumer<String> progress = quiet ? m -> { } : m -> err.println("[parity] " + m);
        EvaluationResult result = Evaluation.run(resolved, cache != null ? cache : CacheDir.defaultDir(), progress);
        Path outDir = out != null ? out : Path.of("runs", resolved.name());
        RunSummary summary = RunWriter.write(result, outDir);
        PrintWriter out = command.commandLine().getOut();
        out.print(TerminalReport.render(summary, outDir.toAbsolutePath().normalize()));
        out.flush();
        if (runBench) {
            return bench.run(spec, outDir, cache != null ? cache : CacheDir.defaultDir(), out, err);
        }
        return ParityCli.OK;
    }
}
