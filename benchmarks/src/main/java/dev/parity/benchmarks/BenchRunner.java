package dev.parity.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.BenchSummary;
import dev.parity.harness.results.Json;
import dev.parity.harness.results.MachineInfo;
import dev.parity.harness.spec.Conversion;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import dev.parity.convert.ConversionException;
import dev.parity.convert.GraphPrecision;
import dev.parity.harness.run.VariantMaker;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import dev.parity.runners.selfcheck.InProcessTrust;
import dev.parity.runners.worker.HostMode;
import dev.parity.runners.worker.HostTrust;
import dev.parity.runners.worker.IsolatedRunners;
import dev.parity.runners.worker.WorkerRunner;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks of a spec through JMH's Runner API and turns the results into a {@link BenchSummary}. */
public final class BenchRunner {

    /**
     * @param variants   variant names to benchmark; empty = every variant of the spec
     * @param overhead   also run Parity-vs-bare-ONNX-Runtime on {@code baseline}
     * @param metrics    also run the 10M-score metrics benchmark
     * @param jvmArgs    extra arguments for the forked JVMs
     */
    public record Options(Path spec, Path cache, List<Integer> batchSizes, int forks, int warmup, int iterations,
                          int iterationMillis, int threads, List<String> variants, String baseline, boolean overhead,
                          boolean metrics, List<String> jvmArgs, boolean progress) {
        // the defaults of `parity bench`, which `eval --bench` runs as they are; the options' help shows them
        public static final String BATCH_SIZES = "1,8,64";
        public static final String FORKS = "1";
        public static final String WARMUP = "2";
        public static final String ITERATIONS = "3";
        public static final String ITERATION_MS = "1000";
        public static final String THREADS = "1";

        /**
         * The defaults for every variant of the spec, with a progress bar; on a dataset smaller than a default batch
         * size, the sizes it holds (at least one batch of all of it), not a refusal.
         */
        public static Options defaults(Path spec, Path cache, long samples) {
            List<Integer> sizes = java.util.Arrays.stream(BATCH_SIZES.split(",")).map(Integer::valueOf)
                    .filter(b -> b <= samples).toList();
            if (sizes.isEmpty()) sizes = List.of((int) Math.max(1, samples));
            return new Options(spec, cache, sizes, Integer.parseInt(FORKS), Integer.parseInt(WARMUP), Integer.parseInt(ITERATIONS),
                    Integer.parseInt(ITERATION_MS), Integer.parseInt(THREADS), List.of(), null, false, false, List.of(),
                    true);
        }
    }

    private BenchRunner() {
    }

    public static BenchSummary run(Options o, Consumer<String> log) {
        BenchFixture fixture = new BenchFixture(o.spec(), o.cache(), 1);
        ResolvedSpec spec = fixture.spec;
        List<String> available = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        long rows = fixture.batches.isEmpty() ? 0 : datasetRows(spec);
        for (int b : o.batchSizes()) {
            if (b > rows) {
                throw new ParityInputException("batch size " + b + " is larger than the dataset (" + rows
                        + " samples in " + spec.inputs() + ")");
            }
        }
        // availability as a run decides it: each runtime in the mode it passed its self-check in on this host
        IsolatedRunners isolated = new IsolatedRunners(o.cache(), log);
        for (ResolvedSpec.Variant v : spec.variants()) {
            if (!o.variants().isEmpty() && !o.variants().contains(v.name())) continue;
            try (Runner r = fixture.open(v.name(), o.threads(), isolated::open)) {
                available.add(v.name());
            } catch (RunnerUnavailableException e) {
                unavailable.put(v.name(), e.getMessage());
                log.accept(v.name() + " is unavailable: " + e.getMessage());
            }
        }
        for (String wanted : o.variants()) spec.requireVariant(wanted, "--variant");
        if (available.isEmpty()) {
            throw new ParityInputException("no variant of " + o.spec() + " can run here; nothing to benchmark");
        }

        Path jmhJson;
        try {
            jmhJson = Files.createTempFile("parity-jmh", ".json");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HostMode forkMode = forkEnvironment(isolated, spec, available);
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(java.util.regex.Pattern.quote(VariantBenchmark.class.getName()) + "\\.batch$")
                .param("spec", o.spec().toAbsolutePath().toString())
                .param("cache", o.cache().toAbsolutePath().toString())
                .param("variant", available.toArray(new String[0]))
                .param("batchSize", o.batchSizes().stream().map(String::valueOf).toArray(String[]::new))
                .param("threads", String.valueOf(o.threads()))
                .mode(Mode.Throughput).mode(Mode.SampleTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .forks(o.forks()).warmupIterations(o.warmup()).measurementIterations(o.iterations())
                .warmupTime(TimeValue.milliseconds(o.iterationMillis()))
                .measurementTime(TimeValue.milliseconds(o.iterationMillis()))
                .shouldFailOnError(true)
                .jvmArgsAppend(jvmArgs(o, forkMode))
                .resultFormat(ResultFormatType.JSON).result(jmhJson.toString());
        if (forkMode != null) b.jvm(launcher(forkMode));
        String baseline = o.baseline() != null ? o.baseline() : available.contains("onnx-fp32") ? "onnx-fp32"
                : available.get(0);
        if (o.overhead()) {
            b.include(java.util.regex.Pattern.quote(OverheadBenchmark.class.getName()) + "\\.")
                    .param("overheadVariant", baseline);
        }
        if (o.metrics()) {
            b.include(java.util.regex.Pattern.quote(MetricsBenchmark.class.getName()) + "\\.");
        }
        int iterationsPerBenchmark = o.warmup() + o.iterations();
        int benchmarks = available.size() * o.batchSizes().size() * 2 + (o.overhead() ? 2 * 2 * 2 : 0)
                + (o.metrics() ? 2 : 0);
        Collection<RunResult> results;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("bench").setStyle(ProgressBarStyle.ASCII)
                .setInitialMax((long) benchmarks * iterationsPerBenchmark * Math.max(1, o.forks()))
                .continuousUpdate().setConsumer(!o.progress()
                        ? new me.tongfei.progressbar.DelegatingProgressBarConsumer(s -> { })
                        : ProgressLines.interactive() ? new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)
                        : new ProgressLines(System.err))
                .build()) {
            results = new org.openjdk.jmh.runner.Runner(b.build(), new ProgressOutput(bar)).run();
        } catch (RunnerException e) {
            throw explain(e);
        }
        JsonNode raw;
        try {
            raw = Json.MAPPER.readTree(jmhJson.toFile());
            Files.deleteIfExists(jmhJson);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return summarize(o, spec, fixture.made, results, available, unavailable, raw, baseline);
    }

    /**
     * JMH's own errors in the user's words: its machine-wide lock held by another run is a retry-later, not a bug;
     * a benchmark that throws is a variant failing under load (the message says which).
     */
    static RuntimeException explain(RunnerException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("JMH lock")) {
            return new ParityInputException("another 'parity bench' (or another JMH benchmark) is running on this "
                    + "machine and holds JMH's lock; benchmarks side by side would measure each other, so wait for "
                    + "it to finish and run this again (" + m.trim() + ")");
        }
        // JMH wraps what the benchmark threw as suppressed exceptions of its BenchmarkException: name them
        StringBuilder why = new StringBuilder();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            for (Throwable inner : t.getSuppressed()) why.append("; ").append(inner);
            if (t.getCause() == t) break;
        }
        return new dev.parity.harness.RunFailedException("a benchmark failed while running: " + m.trim()
                + (e.getCause() == null ? "" : " (" + e.getCause() + why + ")"));
    }

    private static long datasetRows(ResolvedSpec spec) {
        try (dev.parity.harness.data.SampleSource f = dev.parity.harness.data.DataSources.open(spec)) {
            return f.rows();
        }
    }

    /**
     * JMH's forks inherit this process's environment, and a runtime's kernel settings are environment variables read
     * once (oneDNN's ISA cap): when libtorch is trusted here only in a mode that sets one, the forks are started
     * through a launcher that sets it, and told the mode passed its self-check. Null when no launcher is needed.
     */
    private static HostMode forkEnvironment(IsolatedRunners isolated, ResolvedSpec spec, List<String> available) {
        boolean torch = spec.variants().stream().anyMatch(v -> available.contains(v.name())
                && v.runtime() == RuntimeKind.TORCHSCRIPT);
        if (!torch) return null;
        HostTrust.Verdict v = isolated.trust().verdict(RuntimeKind.TORCHSCRIPT, null);
        return v.trusted() && !v.mode().env().isEmpty() ? v.mode() : null;
    }

    /** A shell launcher that sets the mode's variables and runs this JVM's java with the fork's arguments. */
    private static String launcher(HostMode mode) {
        try {
            Path script = Files.createTempFile("parity-jmh-java-", ".sh");
            StringBuilder b = new StringBuilder("#!/bin/sh\n# written by parity bench: the libtorch mode "
                    + mode.name() + " for JMH's forks\n");
            // the same environment a run's libtorch worker gets: the mode's variables, and freed memory kept
            WorkerRunner.environment(RuntimeKind.TORCHSCRIPT, mode).forEach((k, val) -> b.append("export ").append(k)
                    .append('=').append(val).append('\n'));
            b.append("exec '").append(Path.of(System.getProperty("java.home"), "bin", "java")).append("' \"$@\"\n");
            Files.writeString(script, b.toString());
            script.toFile().setExecutable(true);
            script.toFile().deleteOnExit();
            return script.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the JMH launcher: " + e.getMessage(), e);
        }
    }

    private static String[] jvmArgs(Options o, HostMode mode) {
        // -Xss16m: ONNX Runtime builds sessions on the calling thread and overflows 1 MB stacks (see ParityCli)
        List<String> args = new ArrayList<>(List.of("-Xmx2g", "-Xss16m", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (mode != null) args.add("-D" + InProcessTrust.VERIFIED + "=" + RuntimeKind.TORCHSCRIPT.label());
        args.addAll(o.jvmArgs());
        return args.toArray(new String[0]);
    }

    private static BenchSummary summarize(Options o, ResolvedSpec spec, VariantMaker.Result made,
                                          Collection<RunResult> results,
                                          List<String> available, Map<String, String> unavailable, JsonNode raw,
                                          String baseline) {
        MachineInfo machine = MachineInfo.current();
        int usedCores = o.threads() == 0 ? machine.cores() : Math.min(o.threads(), machine.cores());
        ResolvedSpec.Variant flopSource = spec.variants().stream()
                .filter(v -> v.runtime() == RuntimeKind.ONNXRUNTIME && !v.made()).findFirst().orElse(null);
        Long flops = flopSource == null ? null
                : ModelFlops.perSample(flopSource.artifact(), spec.contract().inputName(),
                spec.contract().inputSampleShape());
        double peak = machine.peakGflops(usedCores);
        double peakInt8 = machine.peakInt8Gops(usedCores);

        Map<String, VariantTimes> byKey = new TreeMap<>();
        List<Map<String, Object>> overhead = new ArrayList<>();
        Map<String, Object> metrics = null;
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            Mode mode = r.getParams().getMode();
            if (bench.startsWith(VariantBenchmark.class.getName())) {
                String variant = r.getParams().getParam("variant");
                int batch = Integer.parseInt(r.getParams().getParam("batchSize"));
                VariantTimes t = byKey.computeIfAbsent(key(variant, batch), k -> new VariantTimes(variant, batch));
                if (mode == Mode.Throughput) {
                    t.opsPerMs = r.getPrimaryResult().getScore();
                    t.opsPerMsError = r.getPrimaryResult().getScoreError();
                } else {
                    t.p50 = r.getPrimaryResult().getStatistics().getPercentile(50);
                    t.p90 = r.getPrimaryResult().getStatistics().getPercentile(90);
                    t.p99 = r.getPrimaryResult().getStatistics().getPercentile(99);
                    t.p999 = r.getPrimaryResult().getStatistics().getPercentile(99.9);
                }
            } else if (bench.startsWith(OverheadBenchmark.class.getName())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", bench.substring(bench.lastIndexOf('.') + 1));
                m.put("batch_size", Integer.parseInt(r.getParams().getParam("overheadBatch")));
                m.put("mode", mode.shortLabel());
                m.put("score", r.getPrimaryResult().getScore());
                m.put("score_error", r.getPrimaryResult().getScoreError());
                m.put("unit", r.getPrimaryResult().getScoreUnit());
                overhead.add(m);
            } else if (bench.startsWith(MetricsBenchmark.class.getName()) && mode == Mode.Throughput) {
                metrics = new LinkedHashMap<>();
                double opsPerMs = r.getPrimaryResult().getScore();
                metrics.put("samples", Integer.parseInt(r.getParams().getParam("samples")));
                metrics.put("seconds_per_run", 1.0 / (opsPerMs * 1000));
                metrics.put("what", "threshold search + score drift + verdicts + recalibration, one core");
            }
        }
        List<BenchSummary.VariantResult> rows = new ArrayList<>();
        for (VariantTimes t : byKey.values()) {
            double sps = t.opsPerMs * 1000 * t.batch;
            ResolvedSpec.Variant v = spec.variant(t.variant).orElseThrow();
            // a served variant computes on the server: this machine's peak says nothing about it
            Double gflops = flops == null || v.remote() ? null : sps * flops / 1e9;
            GraphPrecision precision = precision(spec, v, made.artifact(v.name()));
            double variantPeak = precision == GraphPrecision.INT8 ? peakInt8 : peak;
            rows.add(new BenchSummary.VariantResult(t.variant, v.runtime().label(), precision.label(), t.batch, sps,
                    t.opsPerMsError * 1000 * t.batch, t.p50, t.p90, t.p99, t.p999, gflops,
                    gflops == null || variantPeak <= 0 ? null : gflops / variantPeak));
        }
        Map<String, Map<String, Double>> ratios = new TreeMap<>();
        for (int batch : o.batchSizes()) {
            VariantTimes base = byKey.get(key(baseline, batch));
            if (base == null || base.opsPerMs <= 0) continue;
            Map<String, Double> r = new TreeMap<>();
            for (VariantTimes t : byKey.values()) {
                if (t.batch == batch) r.put(t.variant, t.opsPerMs / base.opsPerMs);
            }
            ratios.put("batch_" + batch, r);
        }
        return new BenchSummary(BenchSummary.SCHEMA_VERSION, o.spec().toString(), machine,
                new BenchSummary.Settings(o.batchSizes(), o.forks(), o.warmup(), o.iterations(), o.iterationMillis(),
                        o.threads(), baseline),
                flops, machine.peakAssumption(usedCores), peak, peakInt8, rows, unavailable, ratios, overhead, metrics, raw);
    }

    /** Sorts by variant, then by batch size as a number. */
    private static String key(String variant, int batch) {
        return variant + "@" + String.format(Locale.ROOT, "%09d", batch);
    }

    /** A variant is int8 when it, or what it is made from, came out of the INT8 quantizer. */
    /**
     * An ONNX model's precision as its graph holds it (so that a file quantized elsewhere is not called fp32);
     * for other files, what the spec's conversions made of it.
     */
    static GraphPrecision precision(ResolvedSpec spec, ResolvedSpec.Variant v, Path artifact) {
        if (v.runtime() == RuntimeKind.ONNXRUNTIME && artifact != null) {
            try {
                return GraphPrecision.of(artifact);
            } catch (ConversionException e) {
                // not readable as ONNX here: fall back on the spec
            }
        }
        for (ResolvedSpec.Variant cur = v; cur != null && cur.made();
             cur = cur.from() == null ? null : spec.variant(cur.from()).orElse(null)) {
            if (cur.conversion().int8() != null) return GraphPrecision.INT8;
            if (cur.conversion().engine() != null) {
                Conversion.EngineSettings e = cur.conversion().engine();
                return e.int8() ? GraphPrecision.INT8 : e.fp16() ? GraphPrecision.FP16 : GraphPrecision.FP32;
            }
            if (cur.conversion().fp16() != null) return GraphPrecision.FP16;
        }
        return GraphPrecision.FP32;
    }

    /** Throughput and latency of one variant at one batch size, gathered from two JMH modes. */
    private static final class VariantTimes {
        final String variant;
        final int batch;
        double opsPerMs;
        double opsPerMsError;
        Double p50;
        Double p90;
        Double p99;
        Double p999;

        VariantTimes(String variant, int batch) {
            this.variant = variant;
            this.batch = batch;
        }
    }
}
