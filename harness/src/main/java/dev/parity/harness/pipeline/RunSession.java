package dev.parity.harness.pipeline;

import dev.parity.harness.decide.BaselineCheck;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.output.ScoresFormat;
import dev.parity.harness.output.ShardWriter;
import dev.parity.harness.output.SummaryFactory;
import dev.parity.harness.output.TerminalReport;
import dev.parity.harness.results.BaselineRun;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.BenchSummary;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.ScoredRun;
import dev.parity.harness.results.Shard;
import dev.parity.harness.results.ShardManifest;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.ScoringPass;
import dev.parity.harness.run.ShardMerge;
import dev.parity.harness.run.SpeedProbe;
import dev.parity.harness.run.SpeedSource;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.worker.IsolatedRunners;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run, from scores to a recorded folder, the same under every command that finishes one (eval, merge,
 * compare, join): resolve the baseline, score (or join shards), benchmark if asked, decide, draw the trend, render every
 * file once, commit the folder, record it in the run store. Commands only declare options and print what this
 * returns; a distributed driver calls it the same way.
 */
public final class RunSession {
    /** Exit status of a finished run: every counted gate passed. */
    public static final int PASSED = 0;
    /** Exit status of a finished run: a counted gate failed. */
    public static final int GATE_FAILED = 1;
    /** How long the speed probe times each passing candidate by default (ms). */
    public static final long DEFAULT_SPEED_PROBE_MILLIS = SpeedProbe.DEFAULT_MILLIS;

    private RunSession() {
    }

    /**
     * How a run is carried out; everything here has a default but the progress and warning sinks.
     *
     * @param outDir          the run folder, or null for runs/&lt;spec name&gt;
     * @param cacheDir        made variants, checkpoints and self-check verdicts, or null for the default
     * @param baseline        {@code --baseline}: a summary.json, {@code last}, {@code last-passing}, a run id, or null
     * @param forceBaseline   compare with a baseline of another dataset or reference model anyway
     * @param store           the run store to look baselines up in and record into, or null for the default
     * @param record          whether to record the run (and draw its trend) in the store
     * @param speedProbeMillis how long to probe each passing candidate's speed without a benchmark (0: no probe)
     * @param bench           a benchmark to take before deciding, or null
     * @param opener          how runners are opened, or null for worker processes in self-checked modes
     * @param progress        progress lines (a no-op for quiet)
     * @param warnings        what must be said even when quiet
     * @param scores          which files hold the score table (scores.csv, scores.parquet)
     */
    public record Settings(Path outDir, Path cacheDir, String baseline, boolean forceBaseline, Path store,
                           boolean record, long speedProbeMillis, Benchmark bench, ScoringPass.RunnerOpener opener,
                           Consumer<String> progress, Consumer<String> warnings, ScoresFormat scores) {
        /** The defaults: runs/&lt;name&gt;, the default cache and store, recorded, the default probe. */
        public static Settings defaults(Consumer<String> progress, Consumer<String> warnings) {
            return new Settings(null, null, null, false, null, true, DEFAULT_SPEED_PROBE_MILLIS, null, null, progress,
                    warnings, ScoresFormat.AUTO);
        }

        /** The same, written into this folder. */
        public Settings withFolder(Path dir) {
            return new Settings(dir, cacheDir, baseline, forceBaseline, store, record, speedProbeMillis, bench, opener,
                    progress, warnings, scores);
        }

        /** The same, with this cache folder. */
        public Settings withCache(Path dir) {
            return new Settings(outDir, dir, baseline, forceBaseline, store, record, speedProbeMillis, bench, opener,
                    progress, warnings, scores);
        }

        /** The same, recorded in this store, or (record false) in none. */
        public Settings withStore(Path file, boolean recorded) {
            return new Settings(outDir, cacheDir, baseline, forceBaseline, file, recorded, speedProbeMillis, bench,
                    opener, progress, warnings, scores);
        }

        /** The same, with the score table in these files. */
        public Settings withScores(ScoresFormat format) {
            return new Settings(outDir, cacheDir, baseline, forceBaseline, store, record, speedProbeMillis, bench, opener,
                    progress, warnings, format);
        }

        /** The same, with this speed probe per candidate (0: none). */
        public Settings withSpeedProbe(long millis) {
            return new Settings(outDir, cacheDir, baseline, forceBaseline, store, record, millis, bench, opener,
                    progress, warnings, scores);
        }

        Path cache() {
            return cacheDir != null ? cacheDir : DefaultDirs.cache();
        }

        Path storeFile() {
            return store != null ? store : DefaultDirs.history();
        }

        Path folder(String specName) {
            return outDir != null ? outDir : DefaultDirs.run(specName);
        }

        ScoringPass.RunnerOpener runners() {
            return opener != null ? opener : new IsolatedRunners(cache(), progress)::open;
        }
    }

    /** Where a run's scores come from. */
    @FunctionalInterface
    public interface Scores {
        ScoredRun get(ResolvedSpec spec, Settings settings, ScoringPass.RunnerOpener opener);
    }

    /** Scores from a scoring pass over the spec's dataset (the variants made first). */
    public static Scores scoring(boolean resume) {
        return (spec, s, opener) -> Evaluation.score(spec, s.cache(), resume, s.progress(), opener, Shard.WHOLE);
    }

    /** Scores from shard folders that {@code eval --shard} wrote, joined as if scored at once. */
    public static Scores shards(List<Path> shardDirs) {
        return (spec, s, opener) -> ShardMerge.join(spec, shardDirs);
    }

    /** Scores already joined (e.g. one spec's runs on several hosts). */
    public static Scores joined(ScoredRun scored) {
        return (spec, s, opener) -> scored;
    }

    /**
     * A finished run.
     *
     * @param exitCode {@link #PASSED} or {@link #GATE_FAILED}
     * @param table    the terminal's recommendation and table
     * @param recorded     where the store keeps it ("recorded as run #12 in ..."), or null
     * @param benchFailure why the benchmark asked for could not be taken (the run was decided without it), or null
     */
    public record Finished(RunSummary summary, EvaluationResult result, int exitCode, Path folder, String table,
                           String recorded, RuntimeException benchFailure) {
    }

    /** A finished run's exit status: {@link #GATE_FAILED} when a counted gate failed, else {@link #PASSED}. */
    public static int exitCode(Decision d) {
        return d.anyGateFailed() ? GATE_FAILED : PASSED;
    }

    /**
     * Runs the whole lifecycle; the folder is written all or nothing, and recorded only once it is. Each phase's
     * wall time goes into summary.json (run.phase_seconds, up to the decision) and a progress line (every phase).
     */
    public static Finished run(ResolvedSpec spec, Scores scores, Settings s) {
        PhaseClock clock = new PhaseClock();
        Path outDir = s.folder(spec.name());
        BaselineSource.Chosen base = clock.time("baseline",
                () -> BaselineSource.resolve(spec, s.baseline(), s.storeFile(), s.forceBaseline()));
        base.notes().forEach(s.progress());
        RunFolders.requireOurs(outDir, "--out"); // before the long work, not after it
        ScoringPass.RunnerOpener opener = s.runners();
        ScoredRun scored = clock.time("scoring", () -> scores.get(spec, s, opener));
        EvaluationResult result = clock.time("metrics", () -> Evaluation.compare(spec, scored));
        Benchmarked bench = benchmark(s, result.samples(), clock);
        BenchFigures figures = bench.summary() == null ? BenchFigures.none()
                : BenchFigures.of(bench.summary(), new RunFolder(outDir).bench());
        // a benchmark's figures decide which passing candidate ships; without one, a short probe does
        SpeedSource probe = new SpeedProbe(result, s.speedProbeMillis(), opener, s.progress());
        SpeedSource speed = bench.summary() != null ? SpeedSource.NONE
                : (candidates, latency) -> clock.time("speed_probe", () -> probe.measure(candidates, latency));
        Decision decision = clock.time("deciding", () -> decide(result, base, figures, speed));
        clock.exclude("deciding", "speed_probe"); // the probe runs inside the decision
        RunSummary summary = SummaryFactory.from(result, decision, clock.snapshot());
        int code = exitCode(decision);
        String recorded;
        try (RunRecord record = RunRecord.begin(s.record() ? s.storeFile() : null, summary, code, outDir,
                s.warnings())) {
            String trend = clock.time("trend", () -> record.trend(spec.name()));
            clock.time("writing", () -> OutputErrors.write(outDir, () -> {
                RunWriter.write(summary, result, figures, bench.summary(), trend, s.scores(), outDir);
                return outDir;
            }));
            recorded = clock.time("recording", record::commit);
        }
        if (recorded != null) s.progress().accept(recorded);
        s.progress().accept("phases: " + clock.line());
        return new Finished(summary, result, code, outDir,
                TerminalReport.render(summary, outDir.toAbsolutePath().normalize()), recorded, bench.failure());
    }

    /** The benchmark asked for, or why it could not be taken; neither without one. */
    private record Benchmarked(BenchSummary summary, RuntimeException failure) {
    }

    /**
     * A benchmark that fails does not cost the evaluation: the run is decided by the speed probe, written without
     * bench.json, and the failure travels with it for the caller to report.
     */
    private static Benchmarked benchmark(Settings s, long samples, PhaseClock clock) {
        if (s.bench() == null) return new Benchmarked(null, null);
        try {
            return new Benchmarked(clock.time("benchmark", () -> measure(s.bench(), s.cache(), samples)), null);
        } catch (RuntimeException e) {
            s.warnings().accept("warning: the benchmark failed: " + e.getMessage() + "; the run is decided with "
                    + "the speed probe instead and written without bench.json");
            return new Benchmarked(null, e);
        }
    }

    private static BenchSummary measure(Benchmark bench, Path cacheDir, long samples) {
        try {
            return bench.measure(cacheDir, samples);
        } catch (RuntimeException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    private static Decision decide(EvaluationResult result, BaselineSource.Chosen base, BenchFigures figures,
                                   SpeedSource speed) {
        List<GateResult> regressions = base.summary() == null ? List.of()
                : BaselineCheck.compare(result, base.summary());
        BaselineRun baseline = base.summary() == null ? null : new BaselineRun(base.name(),
                base.summary().run().startedAt(), base.summary().toolVersion(), modelChanges(result, base.summary()));
        Decision decided = DecisionMaker.decide(result, figures, regressions, baseline, speed);
        return base.notes().isEmpty() ? decided : decided.withWarnings(base.notes());
    }

    /** The variants whose model file is not the one the baseline ran (by SHA-256), each with both hashes' heads. */
    static List<String> modelChanges(EvaluationResult result, RunSummary base) {
        List<String> out = new ArrayList<>();
        for (RunSummary.VariantInfo was : base.variants()) {
            if (was.artifact() == null || was.artifact().sha256() == null) continue;
            if (result.variants().stream().noneMatch(v -> v.name().equals(was.name()))) continue;
            String now = SummaryFactory.artifactSha(result, was.name());
            if (now != null && !now.equals(was.artifact().sha256())) {
                out.add(was.name() + ": model changed (" + was.artifact().sha256().substring(0, 12) + " -> "
                        + now.substring(0, 12) + ")");
            }
        }
        return out;
    }

    /**
     * A shard of a run: scores one contiguous slice of the dataset and writes them for {@code parity merge}; the
     * gates and reports wait for the merge.
     *
     * @param outDir the shard's folder, or null for runs/&lt;spec name&gt;-shard-i-of-n
     */
    public static ShardManifest scoreShard(ResolvedSpec spec, Shard shard, boolean resume, Settings s) {
        Path outDir = shardFolder(spec, shard, s);
        RunFolders.requireOurs(outDir, "--out"); // before the long work, not after it
        ScoredRun scored = Evaluation.score(spec, s.cache(), resume, s.progress(), s.runners(), shard);
        return OutputErrors.write(outDir, () -> ShardWriter.write(spec, scored, outDir));
    }

    /** Where {@link #scoreShard} writes a shard when the settings name no folder. */
    public static Path shardFolder(ResolvedSpec spec, Shard shard, Settings s) {
        return s.outDir() != null ? s.outDir() : Path.of(DefaultDirs.run(spec.name()) + "-shard-" + shard.index()
                + "-of-" + shard.count());
    }
}
