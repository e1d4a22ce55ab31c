package dev.parity.benchmarks;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.NpyFile;
import dev.parity.harness.run.ScoringPass;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.Batch;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.factory.Runners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How well the evaluation loop uses the machine: each local variant alone on one thread over the whole dataset,
 * then the real scoring pass (every variant at once, Parity's thread policy); efficiency is the sum of the lone
 * single-thread times over (cores x the pass's wall time), 100% when the pass wastes no core. Where Python with
 * torch is installed, the reference's lone rate is also set against libtorch's own on the same file
 * (scripts/torch-rate.py).
 */
public final class EvalLoopBench {
    /**
     * @param alone       seconds each local variant took alone on one thread, over the whole dataset
     * @param torchRate   libtorch's own samples/s on the reference's file from Python, or null where not measured
     * @param inPass      each variant's inference rate inside the pass (samples/s), where others ran beside it
     * @param parityRate  the reference's samples/s alone in Parity, the same conditions
     */
    public record Result(long samples, int cores, Map<String, Double> alone, Map<String, Double> inPass,
                  double passSeconds, double efficiency, Double torchRate, Double parityRate, String torchNote) {
    }

    static final int WARMUP_BATCHES = 500;
    static final long WARMUP_NANOS = 1_000_000_000L;
    /**
     * The JIT compiler needs a few seconds of calls before the runner's Java side is compiled (measured on the MLP:
     * 64 us a call in the first 1.5 s, 39 us after 4.5 s); Python's side needs no such warm-up.
     */
    static final long STEADY_WARMUP_NANOS = 3_000_000_000L;
    /** Seconds the reference's steady rate is measured, as scripts/torch-rate.py is asked to. */
    static final double STEADY_SECONDS = 3;

    private EvalLoopBench() {
    }

    /** The checkout this code runs from (it holds scripts/), found upwards from the classes or jar. */
    public static Path repoRoot() {
        try {
            Path p = Path.of(EvalLoopBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("scripts/torch-rate.py"))) return p;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through: the current folder
        }
        return Path.of("").toAbsolutePath();
    }

    public static Result run(Path specFile, Path cacheDir, Path repoRoot, Consumer<String> log) {
        ResolvedSpec spec = SpecLoader.load(specFile);
        VariantMaker.Result made = VariantMaker.make(spec, cacheDir, log);
        int cores = Runtime.getRuntime().availableProcessors();
        long samples;
        Map<String, Double> alone = new LinkedHashMap<>();
        try (NpyFile inputs = NpyFile.open(spec.inputs())) {
            samples = inputs.rows();
        }
        for (ResolvedSpec.Variant v : spec.variants()) {
            if (v.remote() || made.unavailable().containsKey(v.name())) continue;
            Double s = alone(spec, v, made.artifact(v.name()));
            if (s != null) alone.put(v.name(), s);
            log.accept(v.name() + " alone on 1 thread: " + (s == null ? "unavailable" : fmt(s) + " s"));
        }
        if (alone.isEmpty()) throw new ParityInputException("no local variant of " + specFile + " runs here");
        Map<String, Double> inPass = new LinkedHashMap<>();
        ScoringPass pass = new ScoringPass(spec, made, log, null, Runners::open);
        try (NpyFile inputs = NpyFile.open(spec.inputs())) {
            for (VariantScores vs : pass.run(new BatchStream(inputs, spec.preprocessing(), spec.batchSize()))) {
                if (vs.samplesPerSecond() != null) inPass.put(vs.name(), vs.samplesPerSecond());
            }
        }
        double wall = pass.passNanos() / 1e9;
        double sum = alone.values().stream().mapToDouble(Double::doubleValue).sum();
        ResolvedSpec.Variant ref = spec.referenceVariant();
        Double parityRate = null;
        Double torchRate = null;
        String note;
        if (ref.runtime() != RuntimeKind.TORCHSCRIPT) {
            note = "the reference is not TorchScript";
        } else {
            // both sides the same way: one batch over and over on one thread, after a warm-up, in this process
            // (which also holds the other variants' runtimes)
            parityRate = steadyRate(spec, ref, made.artifact(ref.name()));
            TorchRate t = torchRate(repoRoot, ref.artifact(), spec);
            torchRate = t.rate();
            note = t.note();
        }
        return new Result(samples, cores, alone, inPass, wall, sum / (cores * wall), torchRate, parityRate, note);
    }

    /**
     * Seconds the variant takes alone, on one thread, over the whole dataset (the runner's run call, as the pass
     * makes it), after a warm-up long enough for libtorch's profiling executor and the JIT compiler (up to
     * {@link #WARMUP_BATCHES} batches or {@link #WARMUP_NANOS}): the pass pays its warm-up too, so this errs on
     * the side of a lower efficiency.
     */
    private static Double alone(ResolvedSpec spec, ResolvedSpec.Variant v, Path artifact) {
        try (Runner r = Runners.open(new RunnerSettings(v.name(), v.runtime(), artifact, v.device(), 1,
                spec.contract(), v.server()));
             NpyFile inputs = NpyFile.open(spec.inputs())) {
            BatchStream warm = new BatchStream(inputs, spec.preprocessing(), spec.batchSize());
            long warmEnd = System.nanoTime() + WARMUP_NANOS;
            for (int i = 0; i < WARMUP_BATCHES && warm.hasNext() && System.nanoTime() < warmEnd; i++) {
                r.run(warm.next());
            }
            BatchStream stream = new BatchStream(inputs, spec.preprocessing(), spec.batchSize());
            long nanos = 0;
            while (stream.hasNext()) {
                Batch b = stream.next();
                long t0 = System.nanoTime();
                r.run(b);
                nanos += System.nanoTime() - t0;
            }
            return nanos / 1e9;
        } catch (RunnerUnavailableException e) {
            return null;
        }
    }

    /**
     * Samples/s of the variant's runner on the dataset's first batch, repeated on one thread for
     * {@link #STEADY_SECONDS} after {@link #STEADY_WARMUP_NANOS} of warm-up: what scripts/torch-rate.py measures.
     */
    private static Double steadyRate(ResolvedSpec spec, ResolvedSpec.Variant v, Path artifact) {
        try (Runner r = Runners.open(new RunnerSettings(v.name(), v.runtime(), artifact, v.device(), 1,
                spec.contract(), v.server()));
             NpyFile inputs = NpyFile.open(spec.inputs())) {
            Batch b = new BatchStream(inputs, spec.preprocessing(), spec.batchSize()).next();
            long warmEnd = System.nanoTime() + STEADY_WARMUP_NANOS;
            while (System.nanoTime() < warmEnd) r.run(b);
            long samples = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (STEADY_SECONDS * 1e9);
            long now;
            do {
                r.run(b);
                samples += b.size();
                now = System.nanoTime();
            } while (now < end);
            return samples / ((now - t0) / 1e9);
        } catch (RunnerUnavailableException e) {
            return null;
        }
    }

    public record TorchRate(Double rate, String note) {
    }

    /** libtorch's rate from Python on the same file, batch and one thread; a note instead where it cannot run. */
    static TorchRate torchRate(Path repoRoot, Path model, ResolvedSpec spec) {
        Path script = repoRoot.resolve("scripts/torch-rate.py");
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isRegularFile(script) || !Files.isExecutable(python)) {
            return new TorchRate(null, "skipped: no /usr/bin/python3 or scripts/torch-rate.py");
        }
        StringBuilder shape = new StringBuilder();
        for (long d : spec.preprocessing().shape()) shape.append(shape.length() == 0 ? "" : ",").append(d);
        try {
            Process p = new ProcessBuilder(python.toString(), script.toString(), model.toString(), "--shape",
                    shape.toString(), "--batch", String.valueOf(spec.batchSize()), "--threads", "1", "--seconds", String.valueOf(STEADY_SECONDS))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return new TorchRate(null, "skipped: " + (out.isEmpty() ? "torch-rate.py failed" : out));
            }
            String line = out.lines().reduce((a, b) -> b).orElse("");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"samples_per_second\": ([0-9.eE+-]+)")
                    .matcher(line);
            return m.find() ? new TorchRate(Double.parseDouble(m.group(1)), "libtorch from Python: " + line)
                    : new TorchRate(null, "skipped: unreadable output " + line);
        } catch (IOException e) {
            return new TorchRate(null, "skipped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TorchRate(null, "skipped: interrupted");
        }
    }

    public static String render(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "evaluation loop on %d samples, %d cores%n", r.samples(), r.cores()));
        r.alone().forEach((v, s) -> sb.append(String.format(Locale.ROOT, "  %-16s alone, 1 thread: %8s s  (%.0f "
                + "samples/s; in the pass %s)%n", v, fmt(s), r.samples() / s, r.inPass().containsKey(v)
                ? String.format(Locale.ROOT, "%.0f", r.inPass().get(v)) : "-")));
        double sum = r.alone().values().stream().mapToDouble(Double::doubleValue).sum();
        sb.append(String.format(Locale.ROOT, "  sum alone %s s; the scoring pass took %s s on %d cores: efficiency "
                + "%.1f%%%n", fmt(sum), fmt(r.passSeconds()), r.cores(), 100 * r.efficiency()));
        if (r.torchRate() != null && r.parityRate() != null) {
            sb.append(String.format(Locale.ROOT, "  reference, one batch repeated on 1 thread: Parity %.0f samples/s,"
                    + " libtorch from Python %.0f: %.0f%%%n", r.parityRate(), r.torchRate(),
                    100 * r.parityRate() / r.torchRate()));
        } else {
            sb.append("  reference against libtorch: ").append(r.torchNote()).append('\n');
        }
        return sb.toString();
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
