package dev.parity.harness.run;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.RunFailedException;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.factory.RunnerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens every variant's runner, then streams the dataset once: each batch is read and preprocessed once and
 * handed to every runner in turn, so all variants see the same inputs in the same order and the dataset is
 * never held whole in memory.
 */
public final class ScoringPass {
    /** Checkpoint chunks hold at least this many samples (a whole number of batches). */
    static final int CHUNK_SAMPLES = 2048;

    private final ResolvedSpec spec;
    private final Consumer<String> progress;
    private final Checkpoints checkpoints;

    /**
     * Where scores are checkpointed while the pass runs, and whether to start from what is already there.
     *
     * @param datasetSha sha256 of the inputs file, part of every cache key
     */
    public record Checkpoints(ScoreCache cache, String datasetSha, String toolVersion, boolean resume) {
    }

    /** Opens a variant's runner; tests substitute runners that fail on purpose. */
    @FunctionalInterface
    public interface RunnerOpener {
        Runner open(RunnerSettings settings) throws RunnerUnavailableException;
    }

    private final RunnerOpener opener;
    private final VariantMaker.Result made;

    /**
     * @param made        where each variant's model file is, and which could not be made here
     * @param checkpoints null to run without checkpoints
     */
    public ScoringPass(ResolvedSpec spec, VariantMaker.Result made, Consumer<String> progress, Checkpoints checkpoints,
                       RunnerOpener opener) {
        this.spec = spec;
        this.made = made;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.opener = opener;
    }

    /** @return one entry per variant, in spec order; the reference is guaranteed to be ok */
    public List<VariantScores> run(BatchStream stream) {
        Map<String, String> unavailable = made.unavailable();
        if (stream.samples() > Integer.MAX_VALUE - 8) {
            throw new ParityInputException(spec.inputs() + ": " + stream.samples()
                    + " samples is more than one run holds; split the dataset");
        }
        int n = (int) stream.samples();
        long offset = stream.first(); // scores are indexed from the stream's first sample
        List<Slot> slots = new ArrayList<>();
        try {
            for (ResolvedSpec.Variant v : spec.variants()) {
                String reason = unavailable.get(v.name());
                if (reason != null) {
                    Slot slot = new Slot(v);
                    slot.status = VariantStatus.UNAVAILABLE;
                    slot.reason = reason;
                    slots.add(slot);
                } else {
                    slots.add(open(v, n));
                }
            }
            Slot reference = slots.stream().filter(s -> s.variant.name().equals(spec.reference())).findFirst()
                    .orElseThrow();
            if (reference.runner == null) {
                throw new ParityInputException("the reference variant '" + spec.reference() + "' cannot run here: "
                        + reference.reason + "; every comparison needs it");
            }
            ScoreExtractor extractor = new ScoreExtractor(spec.scoreIndex(), spec.transform());
            int chunk = spec.batchSize() * Math.max(1, (CHUNK_SAMPLES + spec.batchSize() - 1) / spec.batchSize());
            int chunks = (n + chunk - 1) / chunk;
            for (Slot slot : slots) {
                if (slot.runner != null) prepareCheckpoints(slot, n, chunk, chunks);
            }
            long done = 0;
            int lastPercent = -1;
            while (stream.hasNext()) {
                int chunkIndex = (int) ((stream.position() - offset) / chunk);
                boolean allCovered = slots.stream().allMatch(sl -> sl.runner == null || sl.covered[chunkIndex]);
                Batch batch = null;
                long first = stream.position() - offset;
                if (allCovered) {
                    stream.skip();
                } else {
                    batch = stream.next();
                }
                long end = stream.position() - offset;
                for (Slot slot : slots) {
                    if (slot.runner == null || slot.covered[chunkIndex]) continue;
                    runBatch(slot, batch, extractor, offset);
                    boolean chunkEnds = end % chunk == 0 || end == n;
                    if (chunkEnds && slot.key != null && slot.runner != null) {
                        long start = (long) chunkIndex * chunk;
                        checkpoints.cache().store(slot.key, start, slot.scores, (int) start, (int) (end - start));
                    }
                }
                if (reference.status == VariantStatus.FAILED) {
                    throw new RunFailedException("the reference variant '" + spec.reference() + "' failed, so no "
                            + "variant can be compared and nothing was written: " + reference.reason);
                }
                done += end - first;
                int percent = (int) (100 * done / n);
                if (percent / 10 != lastPercent / 10) {
                    progress.accept("scored " + done + "/" + n + " samples");
                    lastPercent = percent;
                }
            }
            List<VariantScores> out = new ArrayList<>();
            for (Slot s : slots) {
                out.add(new VariantScores(s.variant.name(), s.status, s.reason, s.status == VariantStatus.OK
                        ? s.scores : null, s.version, s.provider, s.nanos, s.computed));
            }
            return out;
        } finally {
            for (Slot s : slots) {
                if (s.runner != null) s.runner.close();
            }
        }
    }

    /** Loads intact checkpoint chunks into the slot when resuming; marks which chunks need no computing. */
    private void prepareCheckpoints(Slot slot, int n, int chunk, int chunks) {
        slot.covered = new boolean[chunks];
        // a served model can change behind the same URL, so its scores are never taken from a checkpoint
        if (checkpoints == null || slot.variant.remote()) return;
        slot.key = ScoreCache.key(spec, slot.variant, made.artifact(slot.variant.name()), checkpoints.datasetSha(),
                checkpoints.toolVersion());
        if (!checkpoints.resume()) return;
        long resumed = 0;
        for (Map.Entry<Long, float[]> e : checkpoints.cache().load(slot.key).entrySet()) {
            long start = e.getKey();
            float[] scores = e.getValue();
            if (start < 0 || start % chunk != 0 || start >= n || scores.length != Math.min(chunk, n - start)) continue;
            System.arraycopy(scores, 0, slot.scores, (int) start, scores.length);
            slot.covered[(int) (start / chunk)] = true;
            resumed += scores.length;
        }
        if (resumed > 0) {
            progress.accept("resumed " + resumed + "/" + n + " samples of " + slot.variant.name()
                    + " from checkpoints");
        }
    }

    private Slot open(ResolvedSpec.Variant v, int n) {
        Slot slot = new Slot(v);
        RunnerSettings settings = new RunnerSettings(v.name(), v.runtime(), made.artifact(v.name()), v.device(),
                spec.threads(), spec.contract(), v.server());
        try {
            slot.runner = opener.open(settings);
            slot.version = slot.runner.runtimeVersion();
            slot.provider = slot.runner.executionProvider();
            slot.scores = new float[n];
            progress.accept("opened " + v.name() + ": " + slot.version + ", " + slot.provider);
        } catch (RunnerUnavailableException e) {
            unavailable(slot, e.getMessage());
        } catch (InvalidModelException e) {
            // the model or the spec is wrong: the user fixes that, so it stops the run (exit 2)
            throw new ParityInputException("variant '" + v.name() + "': " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            // any other fault of one runtime (a native library that fails to load, a client library's error) is
            // that variant's, not the run's
            unavailable(slot, "could not be opened: " + describe(e));
        }
        return slot;
    }

    private void unavailable(Slot slot, String reason) {
        slot.status = VariantStatus.UNAVAILABLE;
        slot.reason = reason;
        progress.accept(slot.variant.name() + " is unavailable: " + reason);
    }

    private void runBatch(Slot slot, Batch batch, ScoreExtractor extractor, long offset) {
        Outputs out;
        try {
            out = slot.runner.run(batch); // the runner checked the result count, and timed its runtime's own call
            slot.nanos += slot.runner.lastInferenceNanos();
        } catch (RuntimeException | LinkageError e) {
            // whatever one variant does after it opened (an engine error, a server's 4xx/5xx or disappearance, a
            // wrong result count) is that variant's failure: the others go on and the run reports it
            fail(slot, batch, offset, e);
            return;
        }
        slot.computed += batch.size();
        try {
            extractor.extract(slot.variant.name(), out, slot.scores, (int) (batch.firstIndex() - offset));
        } catch (InvalidModelException e) {
            // model.score.index does not fit the output: the spec's mistake when the reference says so, else a
            // variant whose output differs from the reference's
            if (slot.variant.name().equals(spec.reference())) {
                throw new ParityInputException("variant '" + slot.variant.name() + "': " + e.getMessage(), e);
            }
            fail(slot, batch, offset, e);
        }
    }

    /** Marks the variant failed, saying which samples it reached, and closes its runner. */
    private void fail(Slot slot, Batch batch, long offset, Throwable e) {
        long scored = batch.firstIndex() - offset;
        slot.status = VariantStatus.FAILED;
        slot.reason = "failed at samples " + batch.firstIndex() + ".." + (batch.firstIndex() + batch.size() - 1)
                + " (" + scored + " sample(s) of this run scored before): " + describe(e);
        try {
            slot.runner.close();
        } catch (RuntimeException closing) {
            // already failed; its close cannot make that worse
        }
        slot.runner = null;
        progress.accept(slot.variant.name() + " " + slot.reason);
    }

    /** The fault's own message, or its type when it has none; messages of runners already name the variant. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return e instanceof RunnerFailureException || e instanceof InvalidModelException ? m
                : e.getClass().getSimpleName() + ": " + m;
    }

    /** Mutable bookkeeping for one variant during the pass; turned into an immutable record at the end. */
    private static final class Slot {
        final ResolvedSpec.Variant variant;
        Runner runner;
        VariantStatus status = VariantStatus.OK;
        String reason;
        float[] scores;
        String version;
        String provider;
        long nanos;
        long computed;
        String key;
        boolean[] covered = new boolean[0];

        Slot(ResolvedSpec.Variant variant) {
            this.variant = variant;
        }
    }
}
