package dev.parity.spark;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleInfoLoader;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.pipeline.DefaultDirs;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.ToolVersion;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.run.ScoreCache;
import dev.parity.harness.run.ScoringPass;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.worker.IsolatedRunners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * parity-spark: the run {@code parity eval} makes, with its scoring pass spread over a Spark cluster. The driver
 * makes the variants (INT8, FP16) once and cuts the dataset's rows into contiguous ranges; each task opens the spec's
 * runners once (worker processes for local runtimes, clients for served ones), reads its range with Parity's own
 * Parquet reader (whole row groups outside the range are passed unread) and scores it, exactly as a scoring pass on
 * one machine does. The driver puts the ranges back in row order, as the scoring phase of the same run lifecycle as
 * {@code parity eval} ({@link RunSession}): every figure comes from the same code over the same floats, so it is the
 * local run's to the bit, and the run folder and history record are the same too.
 *
 * <p>The driver holds every score (4 bytes per sample and variant, a 4 GB heap about 250M samples of three
 * variants); see docs/design-notes.md for the plan past that.
 */
public final class SparkEval {
    private SparkEval() {
    }

    /** {@code spark-submit --class dev.parity.spark.SparkEval parity-spark.jar SPEC [--out DIR] [--slices N]}. */
    public static void main(String[] args) {
        Path spec = null;
        Path out = null;
        int slices = 0;
        String usage = "usage: SparkEval SPEC [--out DIR] [--slices N]";
        for (int i = 0; i < args.length; i++) {
            boolean valued = args[i].equals("--out") || args[i].equals("--slices");
            if (valued && i + 1 == args.length) usage(args[i] + " needs a value; " + usage);
            if (args[i].equals("--out")) {
                out = Path.of(args[++i]);
            } else if (args[i].equals("--slices")) {
                String n = args[++i];
                if (!n.matches("[1-9]\\d{0,6}")) usage("--slices " + n + ": expected a whole number of tasks >= 1");
                slices = Integer.parseInt(n);
            } else if (args[i].startsWith("-") || spec != null) {
                usage("unexpected '" + args[i] + "'; " + usage);
            } else {
                spec = Path.of(args[i]);
            }
        }
        if (spec == null) usage(usage);
        RunSession.Settings settings = RunSession.Settings.defaults(m -> System.err.println("[parity] " + m),
                System.err::println).withFolder(out);
        int code;
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("parity " + spec.getFileName()))) {
            RunSession.Finished run = run(sc, spec, settings, slices);
            System.out.print(run.table());
            code = run.exitCode();
        } catch (ParityInputException e) {
            System.err.println("parity-spark: error: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    private static void usage(String message) {
        System.err.println("parity-spark: " + message);
        System.exit(2);
    }

    /**
     * Scores the spec's Parquet dataset on the cluster and finishes the run as {@code parity eval} does.
     *
     * @param slices tasks to cut the rows into (0: the cluster's default parallelism)
     */
    public static RunSession.Finished run(JavaSparkContext sc, Path specFile, RunSession.Settings settings, int slices) {
        ResolvedSpec spec = SpecLoader.load(specFile);
        if (spec.dataset().kind() != ResolvedSpec.DataKind.PARQUET) {
            throw new ParityInputException(specFile + ": dataset.inputs is " + spec.inputs() + "; parity-spark reads "
                    + "a Parquet dataset (a file or a folder of part files every executor can read)");
        }
        for (ResolvedSpec.Variant v : spec.variants()) {
            if (spec.preprocessingOf(v) != spec.preprocessing() || v.batchSizeOr(spec.batchSize()) != spec.batchSize()) {
                throw new ParityInputException(specFile + ": variant '" + v.name() + "' has its own preprocessing or "
                        + "batch size; parity-spark scores every variant in one pass (use parity eval for this spec)");
            }
        }
        // scored inside the run's lifecycle, so the Spark pass is its scoring phase in the phase times
        return RunSession.run(spec, (sp, s, opener) -> score(sc, specFile, sp, s, slices), settings);
    }

    private static ScoredRun score(JavaSparkContext sc, Path specFile, ResolvedSpec spec, RunSession.Settings settings,
                                   int slices) {
        long started = System.currentTimeMillis();
        Path cache = settings.cacheDir() != null ? settings.cacheDir() : DefaultDirs.cache();
        VariantMaker.Result made = VariantMaker.make(spec, cache, settings.progress());
        long samples;
        long[] shape;
        String dtype;
        SampleInfo info;
        try (SampleSource inputs = DataSources.open(spec)) {
            samples = inputs.rows();
            shape = inputs.shape();
            dtype = inputs.elementType();
            info = SampleInfoLoader.load(spec, inputs);
        }
        int n = slices > 0 ? slices : sc.defaultParallelism();
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long first = samples * i / n, end = samples * (i + 1) / n;
            if (end > first) ranges.add(new long[] {first, end});
        }
        String specPath = specFile.toAbsolutePath().toString();
        String cachePath = cache.toAbsolutePath().toString();
        Map<String, String> artifacts = new HashMap<>();
        made.artifacts().forEach((k, v) -> artifacts.put(k, v.toAbsolutePath().toString()));
        Map<String, String> unavailable = new HashMap<>(made.unavailable());
        settings.progress().accept("scoring " + samples + " samples in " + ranges.size() + " Spark task(s)");
        List<ScoredPart> parts = new ArrayList<>(sc.parallelize(ranges, ranges.size())
                .map(r -> scorePart(specPath, cachePath, artifacts, unavailable, r[0], r[1])).collect());
        parts.sort(Comparator.comparingLong(p -> p.first));
        List<VariantScores> variants = new ArrayList<>();
        for (ResolvedSpec.Variant v : spec.variants()) variants.add(joined(v.name(), parts, samples, spec.scoreWidth()));
        return new ScoredRun(samples, shape, dtype, info, variants, made.made(), made.artifacts(), Map.of(), started,
                null, Shard.WHOLE);
    }

    /** On an executor: rows [first, end) scored by every variant, the runners opened once for the range. */
    static ScoredPart scorePart(String specFile, String cacheDir, Map<String, String> artifacts,
                                Map<String, String> unavailable, long first, long end) throws IOException {
        ResolvedSpec spec = SpecLoader.load(Path.of(specFile));
        Map<String, Path> paths = new HashMap<>();
        artifacts.forEach((k, v) -> paths.put(k, Path.of(v)));
        VariantMaker.Result made = new VariantMaker.Result(paths, Map.of(), unavailable);
        // checkpoints are a single machine's way to resume; a failed task is Spark's to retry
        Path checkpoints = Files.createTempDirectory("parity-spark-task-");
        try (SampleSource inputs = DataSources.open(spec)) {
            ScoringPass pass = new ScoringPass(spec, made, m -> { }, new ScoringPass.Checkpoints(
                    new ScoreCache(checkpoints), "spark-" + first + "-" + end, ToolVersion.get(), false),
                    new IsolatedRunners(Path.of(cacheDir), m -> { })::open);
            return new ScoredPart(first, end, pass.run(new BatchStream(inputs, spec.preprocessing(),
                    spec.batchSize(), first, end)));
        } finally {
            dev.parity.harness.output.OutputFolder.deleteTree(checkpoints);
        }
    }

    /**
     * A variant's scores over the whole dataset from the parts in row order; a part where it failed or was
     * unavailable makes it so for the run, with that part's reason and rows.
     */
    static VariantScores joined(String name, List<ScoredPart> parts, long samples, int width) {
        float[] scores = new float[Math.toIntExact(samples * width)];
        long nanos = 0, computed = 0, peak = -1;
        ScoredPart firstPart = parts.get(0);
        int i0 = firstPart.index(name);
        for (ScoredPart p : parts) {
            int i = p.index(name);
            if (p.status(i) != VariantStatus.OK) {
                return new VariantScores(name, p.status(i), "rows " + p.first + ".." + (p.end - 1) + ": " + p.reason[i],
                        null, p.version[i], p.provider[i], 0, 0, p.host[i], -1);
            }
            System.arraycopy(p.scores[i], 0, scores, Math.toIntExact(p.first * width), p.scores[i].length);
            nanos += p.nanos[i];
            computed += p.computed[i];
            peak = Math.max(peak, p.peakRss[i]);
        }
        return new VariantScores(name, VariantStatus.OK, null, scores, firstPart.version[i0], firstPart.provider[i0],
                nanos, computed, firstPart.host[i0], peak);
    }
}
