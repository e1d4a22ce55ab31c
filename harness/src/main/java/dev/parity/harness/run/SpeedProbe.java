package dev.parity.harness.run;

import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.results.Speed;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.factory.RunnerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A short, isolated speed measurement of each candidate when no benchmark ran: one variant at a time, on real
 * batches at the spec's batch size, with the spec's threads (one by default, as {@code parity bench}), warmed up,
 * then timed in repetitions whose spread becomes the figure's interval.
 * The evaluation loop's own rate is not used: there every runtime competes with the others for the cores.
 * Repetitions run at least one batch each, so a budget smaller than a batch still measures.
 */
public final class SpeedProbe implements SpeedSource {
    /** About a second per candidate; {@code -Dparity.speedProbeMs} changes the default (tests make it tiny). */
    public static final long DEFAULT_MILLIS = Long.getLong("parity.speedProbeMs", 1000);
    static final int REPETITIONS = 5;
    /** Samples in the pool of batches cycled through. */
    static final int POOL_SAMPLES = 1024;
    /** Share of the time spent warming up (libtorch's profiling executor and ONNX Runtime's first runs are slow). */
    static final double WARM_UP = 0.25;
    /** The least time a candidate is timed for when the scoring pass says how long its whole run took. */
    static final long MIN_MILLIS = 200;

    private final ResolvedSpec spec;
    private final Map<String, Path> artifacts;
    private final long millis;
    /** Each variant's time inside its runtime over the scoring pass, in ms; absent when unknown (cached scores). */
    private final Map<String, Long> passMillis = new java.util.HashMap<>();
    private final ScoringPass.RunnerOpener opener;
    private final Consumer<String> progress;
    private final Map<String, List<Batch>> pools = new java.util.HashMap<>();
    private final Map<String, Runner> opened = new java.util.concurrent.ConcurrentHashMap<>();
    /** Why a candidate's runner could not be opened, by candidate. */
    private final Map<String, String> notOpened = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param millis time per candidate; 0 or less measures nothing */
    public SpeedProbe(EvaluationResult r, long millis, ScoringPass.RunnerOpener opener, Consumer<String> progress) {
        this.spec = r.spec();
        this.artifacts = r.scored().artifacts();
        this.millis = millis;
        for (dev.parity.harness.results.VariantScores v : r.variants()) {
            if (v.ok() && v.computedSamples() == r.samples() && v.inferenceNanos() > 0) {
                passMillis.put(v.name(), v.inferenceNanos() / 1_000_000);
            }
        }
        this.opener = opener;
        this.progress = progress;
    }

    /**
     * A quick look at every candidate first (a third of the time), then the full time for those whose quick figure
     * comes within reach of the best one: where the rule has to tell two candidates apart it measures them well,
     * and a candidate three times slower is not timed for long.
     */
    @Override
    public Map<String, Speed> measure(List<String> candidates, boolean latency) {
        Map<String, Speed> out = new LinkedHashMap<>();
        if (millis <= 0 || candidates.isEmpty()) return out;
        progress.accept("speed probe: " + candidates.size() + " candidate(s), one at a time, batch " + spec.batchSize()
                + ", up to " + candidates.stream().map(c -> c + " " + budget(c) + " ms").toList());
        Map<String, Speed> quick = new LinkedHashMap<>();
        try {
            openAll(candidates);
            for (String name : candidates) {
                Speed s = probe(name, latency, Math.max(1, budget(name) / 3));
                if (s != null) quick.put(name, s);
            }
            full(quick, latency, out);
        } finally {
            for (Runner r : opened.values()) r.close();
            opened.clear();
            notOpened.clear();
        }
        return out;
    }

    /**
     * A candidate's time: never longer than the scoring pass spent inside its runtime over the whole dataset (with a
     * floor of {@link #MIN_MILLIS}), nor than the probe's time per candidate. A model that ran a million samples in
     * 0.15 s is not timed for a second; the demo's CNN, whose pass takes many seconds, gets the full time. Without a
     * figure from the pass (scores from a checkpoint) it gets the full time too.
     */
    long budget(String candidate) {
        return budget(millis, passMillis.get(candidate));
    }

    /** @param passMillis the candidate's time inside its runtime over the whole pass, or null when unknown */
    static long budget(long millis, Long passMillis) {
        return passMillis == null ? millis : Math.min(millis, Math.max(MIN_MILLIS, passMillis));
    }

    /**
     * Opens every candidate's runner at once, each on a thread of its own, before any is timed: a local runner is a
     * worker process that takes a second or two to start and load its runtime, and started one after the other they
     * were most of the probe's time (the demo: five candidates). An open runner idles until its turn.
     */
    private void openAll(List<String> candidates) {
        List<Thread> opening = new ArrayList<>();
        for (String name : candidates) {
            Thread t = new Thread(null, () -> {
                try {
                    ResolvedSpec.Variant v = spec.variant(name).orElseThrow();
                    opened.put(name, opener.open(new RunnerSettings(name, v.runtime(), artifacts.get(name), v.device(),
                            threads(), spec.contract(), v.server(), v.cpuIsa())));
                } catch (RunnerUnavailableException | RuntimeException e) {
                    notOpened.put(name, String.valueOf(e.getMessage()));
                }
            }, "parity-probe-open-" + name, VariantWorkers.STACK_BYTES);
            t.start();
            opening.add(t);
        }
        VariantWorkers.joinAll(opening); // an opening runner must not be left behind unclosed
    }

    /** The full time for the candidates whose quick figure came within reach of the best one's. */
    private void full(Map<String, Speed> quick, boolean latency, Map<String, Speed> out) {
        Speed best = quick.values().stream().min(java.util.Comparator.comparingDouble(s -> latency ? s.value()
                : -s.value())).orElse(null);
        for (Map.Entry<String, Speed> e : quick.entrySet()) {
            Speed s = e.getValue();
            // within reach: its quick interval, widened by a quarter for the noise of a short look, meets the best's
            double slack = 0.25 * best.value();
            boolean contender = s == best || (latency ? s.low() - slack <= best.high() : s.high() + slack >= best.low());
            Speed full = contender ? probe(e.getKey(), latency, budget(e.getKey())) : null;
            out.put(e.getKey(), full != null ? full : s);
        }
    }

    /**
     * One candidate alone for about {@code budget} ms; null when it cannot be run here. Its runner, opened with the
     * others before the quick look, serves the quick look and the full time, and idles while the others are timed.
     */
    private Speed probe(String name, boolean latency, long budget) {
        ResolvedSpec.Variant v = spec.variant(name).orElseThrow();
        if (notOpened.containsKey(name)) {
            progress.accept("speed probe: " + name + " could not be measured: " + notOpened.remove(name));
            return null;
        }
        List<Batch> pool = pool(v);
        try {
            Runner runner = opened.get(name);
            if (runner == null) return null; // it failed in the quick look, which said so
            return time(runner, pool, latency, budget);
        } catch (RuntimeException e) {
            progress.accept("speed probe: " + name + " could not be measured: " + e.getMessage());
            Runner failed = opened.remove(name);
            if (failed != null) failed.close();
            return null;
        }
    }

    /**
     * The spec's threads, or one as {@code parity bench} uses by default: figures from the probe and from a
     * benchmark then mean the same, and on a shared machine one thread is the steadier measure (a tiny model with
     * every core's threads measured three times slower than on one).
     */
    private int threads() {
        return spec.threads() > 0 ? spec.threads() : 1;
    }

    /** Timed where the runner runs (inside its worker process), so the hand-over to it is not counted. */
    private Speed time(Runner runner, List<Batch> pool, boolean latency, long millis) {
        double[] figures = runner.timeRepetitions(pool, latency, millis, REPETITIONS, WARM_UP);
        double[] sorted = figures.clone();
        Arrays.sort(sorted);
        return new Speed(sorted[REPETITIONS / 2], sorted[0], sorted[REPETITIONS - 1], REPETITIONS);
    }

    /** The pool a variant is timed on: its inputs at its batch size (a smaller dataset: one batch). */
    private List<Batch> pool(ResolvedSpec.Variant v) {
        ResolvedSpec.Preprocessing pre = spec.preprocessingOf(v);
        int batch = v.batchSizeOr(spec.batchSize());
        return pools.computeIfAbsent(pre.fingerprint() + "@" + batch, k -> pool(pre, batch));
    }

    /** Real batches of {@code batch} samples, preprocessed as the variant's are, from the start of the dataset. */
    private List<Batch> pool(ResolvedSpec.Preprocessing pre, int batch) {
        List<Batch> pool = new ArrayList<>();
        try (SampleSource inputs = pre == spec.preprocessing() ? DataSources.open(spec) : DataSources.open(spec, pre)) {
            BatchStream stream = new BatchStream(inputs, pre, batch);
            int wanted = Math.max(1, POOL_SAMPLES / batch);
            while (pool.size() < wanted && stream.hasNext()) {
                Batch b = stream.next();
                if (b.size() == batch || pool.isEmpty()) pool.add(b);
            }
        }
        return pool;
    }
}
