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
import dev.parity.runners.RuntimeUntrustedException;
import dev.parity.runners.factory.RunnerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens every variant's runner, then streams the dataset once: each batch is read and preprocessed once, here, and
 * handed to every variant, each on its own worker taking the batches in order ({@link VariantWorkers}); so all
 * variants see the same inputs in the same order and their scores are those of a serial run, reading overlaps
 * inference, the dataset is never held whole in memory (a few batches at most), no variant waits for another at
 * every batch, and the local runtimes share the cores instead of fighting over them: {@code workers} of them
 * compute at once (default one per core) with {@code threads} intra-op threads each (default the cores divided
 * among them).
 */
public final class ScoringPass {
    /** Checkpoint chunks hold at least this many samples (a whole number of batches). */
    static final int CHUNK_SAMPLES = 2048;
    /** Batches travel to the workers in blocks of about this many input bytes (one batch if it is bigger). */
    static final long BLOCK_BYTES = 1L << 20;
    /** A variant's queue holds at most this many input bytes, and at most {@link #MAX_QUEUE} blocks. */
    static final long QUEUE_BYTES = 64L << 20;
    static final int MAX_QUEUE = 8;
    static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

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
    private long passNanos;

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

    /** Wall time of the last pass from its first batch to its last (opening the runners not included). */
    public long passNanos() {
        return passNanos;
    }

    /** @return one entry per variant, in spec order; the reference, when the spec's variants hold it, is ok */
    public List<VariantScores> run(BatchStream stream) {
        Map<String, String> unavailable = made.unavailable();
        int width = spec.scoreWidth();
        if (stream.samples() * width > Integer.MAX_VALUE - 8) {
            throw new ParityInputException(spec.inputs() + ": " + stream.samples()
                    + " samples" + (width > 1 ? " of " + width + " classes" : "")
                    + " is more than one run holds; split the dataset");
        }
        long scoredVariants = spec.variants().stream().filter(v -> !unavailable.containsKey(v.name())).count();
        // a multi-class variant keeps K scores per sample: K columns of the budget
        MemoryBudget.require(stream.samples(), (int) scoredVariants * width, "scoring " + spec.inputs());
        int n = (int) stream.samples();
        long offset = stream.first(); // scores are indexed from the stream's first sample
        List<Slot> slots = new ArrayList<>();
        long local = spec.variants().stream().filter(v -> !v.remote() && !unavailable.containsKey(v.name())).count();
        int cores = Runtime.getRuntime().availableProcessors();
        // never more busy threads than cores: the local variants scored at once share them out
        int localWorkers = (int) Math.max(1, Math.min(local, spec.workers() > 0 ? spec.workers() : cores));
        int threads = spec.threads() > 0 ? spec.threads() : Math.max(1, cores / localWorkers);
        progress.accept("scoring " + local + " local variant(s), " + localWorkers + " at a time, " + threads
                + " thread(s) each");
        try {
            slots.addAll(openAll(unavailable, n, threads));
            // a pass over another preprocessing's inputs may not hold the reference
            Slot reference = slots.stream().filter(s -> s.variant.name().equals(spec.reference())).findFirst()
                    .orElse(null);
            if (reference != null && reference.runner == null && reference.untrusted) {
                throw new RunFailedException("the reference variant '" + spec.reference() + "' cannot be trusted on "
                        + "this host, so nothing was compared: " + reference.reason);
            }
            if (reference != null && reference.runner == null) {
                throw new ParityInputException("the reference variant '" + spec.reference() + "' cannot run here: "
                        + reference.reason + "; every comparison needs it");
            }
            ScoreExtractor extractor = ScoreExtractor.of(spec);
            int chunk = spec.batchSize() * Math.max(1, (CHUNK_SAMPLES + spec.batchSize() - 1) / spec.batchSize());
            int chunks = (n + chunk - 1) / chunk;
            for (Slot slot : slots) {
                if (slot.runner != null) prepareCheckpoints(slot, n, chunk, chunks);
            }
            long passStart = System.nanoTime();
            Progress shown = new Progress(n);
            int perBlock = batchesPerBlock(n);
            try (VariantWorkers<List<Pending>> workers = new VariantWorkers<>(localWorkers, queueDepth(n, perBlock))) {
                for (Slot slot : slots) {
                    if (slot.runner == null) continue;
                    workers.start(slot.variant.name(), !slot.variant.remote(), block -> {
                        for (Pending batch : block) scoreBatch(slot, batch, extractor, offset, chunk, n);
                    });
                }
                // reading and preprocessing run here, ahead of the variants, which each take the batches in order
                while (stream.hasNext() && !workers.stopped()) {
                    List<Pending> block = new ArrayList<>(perBlock);
                    while (stream.hasNext() && block.size() < perBlock) block.add(read(stream, slots, offset, chunk));
                    workers.offer(block);
                    shown.report(slots);
                }
                workers.finish(() -> shown.report(slots));
            }
            shown.report(slots);
            passNanos = System.nanoTime() - passStart;
            for (Slot s : slots) close(s); // before reading what their workers held at their peak
            List<VariantScores> out = new ArrayList<>();
            for (Slot s : slots) {
                out.add(new VariantScores(s.variant.name(), s.status, s.reason, s.status == VariantStatus.OK
                        ? s.scores : null, s.version, s.provider, s.nanos, s.computed, s.host, s.peakRss));
            }
            return out;
        } finally {
            for (Slot s : slots) close(s);
        }
    }

    /** Closes a slot's runner once, keeping what its worker process held at its peak. */
    private static void close(Slot s) {
        if (s.runner == null) return;
        s.runner.close();
        s.peakRss = s.runner.peakRssBytes();
        s.runner = null;
    }

    private long batchBytes(int n) {
        return Math.max(1, 4L * Math.min(n, spec.batchSize()) * spec.preprocessing().elementsPerSample());
    }

    /**
     * Batches handed over together: small batches of a small model take microseconds each, about what waking a
     * worker costs, so they travel in blocks of about {@link #BLOCK_BYTES}; the runners still see each batch.
     */
    private int batchesPerBlock(int n) {
        return (int) Math.max(1, Math.min(1024, BLOCK_BYTES / batchBytes(n)));
    }

    /**
     * Blocks a variant may fall behind the reader: enough that a fast variant never waits for one slow block of a
     * slow one, few enough (at most {@link #QUEUE_BYTES} of inputs) that memory stays bounded.
     */
    private int queueDepth(int n, int perBlock) {
        return (int) Math.max(1, Math.min(MAX_QUEUE, QUEUE_BYTES / (batchBytes(n) * perBlock)));
    }

    /**
     * "scored k/n samples (slowest: v)", as far as the slowest running variant has got, named when several run (a
     * log then says which variant holds the pass back, and a variant that fails ahead of it is not mistaken for
     * lagging): a line at every tenth of the way, and one at least every {@link #PROGRESS_EVERY_NANOS} while it
     * moves, so that a log shows a long pass is alive.
     */
    private final class Progress {
        private final int n;
        private int lastTenth;
        private long lastDone;
        private long lastLine = System.nanoTime();

        Progress(int n) {
            this.n = n;
        }

        void report(List<Slot> slots) {
            long done = n;
            String slowest = null;
            int running = 0;
            for (Slot s : slots) {
                if (!s.opened || s.status != VariantStatus.OK) continue;
                running++;
                if (s.doneUpTo < done || slowest == null) {
                    done = Math.min(done, s.doneUpTo);
                    slowest = s.variant.name();
                }
            }
            int tenth = n == 0 ? 10 : (int) (10 * done / n);
            long now = System.nanoTime();
            if (tenth > lastTenth || (done > lastDone && now - lastLine >= PROGRESS_EVERY_NANOS)) {
                lastTenth = tenth;
                lastDone = done;
                lastLine = now;
                progress.accept("scored " + done + "/" + n + " samples" + (running > 1 && done < n
                        ? " (slowest: " + slowest + ")" : ""));
            }
        }
    }

    /**
     * One batch as read from the stream: its samples (null when every variant has that chunk from a checkpoint, so
     * it was skipped, not read), its chunk, and its range relative to the stream's first sample.
     */
    private record Pending(Batch batch, int chunk, long first, long end) {
    }

    private static Pending read(BatchStream stream, List<Slot> slots, long offset, int chunk) {
        int chunkIndex = (int) ((stream.position() - offset) / chunk);
        // coverage comes from the checkpoints alone (a variant failing meanwhile just costs a read)
        boolean allCovered = slots.stream().allMatch(sl -> !sl.opened || sl.covered[chunkIndex]);
        long first = stream.position() - offset;
        Batch batch = null;
        if (allCovered) {
            stream.skip();
        } else {
            batch = stream.next();
        }
        return new Pending(batch, chunkIndex, first, stream.position() - offset);
    }

    /** One variant's work on one batch, on its worker: run, extract, and store the chunk when it is complete. */
    private void scoreBatch(Slot slot, Pending p, ScoreExtractor extractor, long offset, int chunk, int n) {
        if (slot.runner != null && !slot.covered[p.chunk()]) runBatch(slot, p.batch(), extractor, offset);
        slot.doneUpTo = p.end();
        if (slot.status == VariantStatus.FAILED && slot.variant.name().equals(spec.reference())) {
            throw new RunFailedException("the reference variant '" + spec.reference() + "' failed, so no "
                    + "variant can be compared and nothing was written: " + slot.reason);
        }
        boolean chunkEnds = p.end() % chunk == 0 || p.end() == n;
        if (chunkEnds && slot.key != null && slot.runner != null) {
            long start = (long) p.chunk() * chunk;
            int w = spec.scoreWidth();
            checkpoints.cache().store(slot.key, start, slot.scores, (int) start * w, (int) (p.end() - start) * w);
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
            int w = spec.scoreWidth();
            if (start < 0 || start % chunk != 0 || start >= n || scores.length != Math.min(chunk, n - start) * w) {
                continue;
            }
            System.arraycopy(scores, 0, slot.scores, (int) start * w, scores.length);
            slot.covered[(int) (start / chunk)] = true;
            resumed += scores.length / w;
        }
        if (resumed > 0) {
            progress.accept("resumed " + resumed + "/" + n + " samples of " + slot.variant.name()
                    + " from checkpoints");
        }
    }

    /**
     * Opens every available variant's runner at once, each on a thread of its own: a local variant's runner is a
     * worker process that takes a second or two to start and load its runtime, and they start side by side. The
     * slots come back in spec order; the first variant's error in spec order is the one thrown, after every
     * runner that did open is closed again.
     */
    private List<Slot> openAll(Map<String, String> unavailable, int n, int threads) {
        List<Slot> slots = new ArrayList<>();
        List<Thread> opening = new ArrayList<>();
        RuntimeException[] errors = new RuntimeException[spec.variants().size()];
        for (int i = 0; i < spec.variants().size(); i++) {
            ResolvedSpec.Variant v = spec.variants().get(i);
            Slot slot = new Slot(v);
            slots.add(slot);
            String reason = unavailable.get(v.name());
            if (reason != null) {
                slot.status = VariantStatus.UNAVAILABLE;
                slot.reason = reason;
                continue;
            }
            int index = i;
            Thread t = new Thread(null, () -> {
                try {
                    open(slot, n, threads);
                } catch (RuntimeException e) {
                    errors[index] = e;
                }
            }, "parity-open-" + v.name(), VariantWorkers.STACK_BYTES);
            t.start();
            opening.add(t);
        }
        VariantWorkers.joinAll(opening); // an opening runner must not be left behind unclosed
        for (RuntimeException e : errors) {
            if (e == null) continue;
            for (Slot s : slots) close(s);
            throw e;
        }
        return slots;
    }

    private void open(Slot slot, int n, int threads) {
        ResolvedSpec.Variant v = slot.variant;
        RunnerSettings settings = new RunnerSettings(v.name(), v.runtime(), made.artifact(v.name()), v.device(),
                threads, spec.contract(), v.server(), v.cpuIsa());
        try {
            slot.runner = opener.open(settings);
            slot.version = slot.runner.runtimeVersion();
            slot.provider = slot.runner.executionProvider();
            slot.host = slot.runner.hostMode();
            slot.scores = new float[n * spec.scoreWidth()];
            slot.opened = true;
            progress.accept("opened " + v.name() + ": " + slot.version + ", " + slot.provider);
        } catch (RunnerUnavailableException e) {
            slot.untrusted = e instanceof RuntimeUntrustedException;
            unavailable(slot, e.getMessage());
        } catch (InvalidModelException e) {
            // the model or the spec is wrong: the user fixes that, so it stops the run (exit 2)
            throw new ParityInputException("variant '" + v.name() + "': " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            // any other fault of one runtime (a native library that fails to load, a client library's error) is
            // that variant's, not the run's
            unavailable(slot, "could not be opened: " + describe(e));
        }
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
            close(slot);
        } catch (RuntimeException closing) {
            // already failed; its close cannot make that worse
            slot.runner = null;
        }
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
        String host;
        long peakRss = -1;
        /** Unavailable because its runtime computes wrong on this CPU in every mode (the self-check's verdict). */
        boolean untrusted;
        long nanos;
        long computed;
        String key;
        boolean[] covered = new boolean[0];
        /** The runner opened (it may fail later); only opened variants decide which batches are read. */
        boolean opened;
        /** Samples (from the stream's first) this variant has dealt with; written by its worker only. */
        volatile long doneUpTo;

        Slot(ResolvedSpec.Variant variant) {
            this.variant = variant;
        }
    }
}
