package dev.parity.runners.worker;

import dev.parity.runners.Batch;
import dev.parity.runners.ModelSignature;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner whose runtime runs in a worker process ({@link WorkerMain}): every batch goes there and back over the
 * socket, its scores bit-identical to the same runtime in this process. If the worker dies (a native crash), the
 * batch fails with how it died and the variant is failed; this process and the other variants go on.
 */
public final class WorkerRunner extends Runner {
    private final WorkerProcess worker;
    private final String version;
    private final String provider;
    private final HostMode mode;
    private final String why;
    private long peakRss = -1;
    private String death;

    private WorkerRunner(RunnerSettings s, ModelSignature signature, WorkerProcess worker, String version,
                         String provider, HostMode mode, String why) {
        super(s.name(), s.contract(), signature, s.artifact().toString());
        this.worker = worker;
        this.version = version;
        this.provider = provider;
        this.mode = mode;
        this.why = why;
    }

    /**
     * Starts a worker in {@code mode} and opens the variant's runner there.
     *
     * @param verified the mode passed the self-check, so the worker need not check it again
     */
    public static WorkerRunner open(RunnerSettings s, HostMode mode, boolean verified)
            throws RunnerUnavailableException {
        return open(s, mode, verified, null);
    }

    /** @param why why this mode (the self-check's verdict), for the run's record; null when it needs no saying */
    public static WorkerRunner open(RunnerSettings s, HostMode mode, boolean verified, String why)
            throws RunnerUnavailableException {
        WorkerProcess w;
        try {
            w = WorkerProcess.start("variant '" + s.name() + "'", environment(s.runtime(), mode),
                    verified ? List.of(s.runtime().label()) : List.of());
        } catch (IOException e) {
            throw new RunnerUnavailableException("cannot start a worker process: " + e.getMessage(), e);
        }
        try {
            w.out.writeInt(WorkerProtocol.OPEN);
            WorkerProtocol.writeSettings(w.out, s);
            w.out.flush();
            String unavailable;
            try {
                unavailable = WorkerProtocol.readStatus(w.in);
            } catch (RuntimeException e) {
                w.close();
                throw e;
            }
            if (unavailable != null) {
                w.close();
                throw new RunnerUnavailableException(unavailable, null);
            }
            String version = w.in.readUTF(), provider = w.in.readUTF();
            ModelSignature signature = WorkerProtocol.readSignature(w.in);
            try {
                return new WorkerRunner(s, signature, w, version, provider, mode, why);
            } catch (RuntimeException e) {
                w.close();
                throw e;
            }
        } catch (IOException e) {
            String how = w.death();
            w.close();
            throw new RunnerUnavailableException("could not be opened: " + how, e);
        }
    }

    /** The mode's variables; libtorch's workers also keep freed memory (see {@link WorkerProcess#KEEP_MEMORY}). */
    public static Map<String, String> environment(RuntimeKind runtime, HostMode mode) {
        Map<String, String> env = new HashMap<>(mode.env());
        if (runtime == RuntimeKind.TORCHSCRIPT) keepMemoryUnlessSet(env);
        return env;
    }

    private static void keepMemoryUnlessSet(Map<String, String> env) {
        for (Map.Entry<String, String> e : WorkerProcess.KEEP_MEMORY.entrySet()) {
            if (System.getenv(e.getKey()) == null) env.putIfAbsent(e.getKey(), e.getValue());
        }
    }

    @Override
    public String runtimeVersion() {
        return version;
    }

    @Override
    public String executionProvider() {
        return provider;
    }

    @Override
    public String hostMode() {
        return "worker process, " + mode.name() + " (" + mode.description() + ")" + (why == null ? "" : ": " + why);
    }

    @Override
    public long peakRssBytes() {
        return peakRss;
    }

    /** The worker's process id (tests signal it). */
    public long pid() {
        return worker.pid();
    }

    @Override
    protected synchronized Outputs runImpl(Batch batch) {
        requireAlive();
        try {
            worker.out.writeInt(WorkerProtocol.RUN);
            WorkerProtocol.writeBatch(worker.out, batch);
            worker.out.flush();
            readStatus();
            Outputs o = WorkerProtocol.readOutputs(worker.in);
            reportInferenceNanos(worker.in.readLong());
            return o;
        } catch (IOException e) {
            throw died(e);
        }
    }

    @Override
    public synchronized double[] timeRepetitions(List<Batch> pool, boolean latency, long millis, int repetitions,
                                                 double warmUp) {
        requireAlive();
        try {
            worker.out.writeInt(WorkerProtocol.TIME);
            worker.out.writeBoolean(latency);
            worker.out.writeLong(millis);
            worker.out.writeInt(repetitions);
            worker.out.writeDouble(warmUp);
            worker.out.writeInt(pool.size());
            for (Batch b : pool) WorkerProtocol.writeBatch(worker.out, b);
            worker.out.flush();
            readStatus();
            return WorkerProtocol.readDoubles(worker.in);
        } catch (IOException e) {
            throw died(e);
        }
    }

    /** Reads a reply's status; a failure's message becomes the exception the runner threw in the worker. */
    private void readStatus() throws IOException {
        String unavailable = WorkerProtocol.readStatus(worker.in);
        if (unavailable != null) throw new RunnerFailureException(unavailable, null); // only an OPEN answers it
    }

    private void requireAlive() {
        if (death != null) throw new RunnerFailureException(death, null);
    }

    private RunnerFailureException died(IOException e) {
        death = name() + ": " + worker.death();
        return new RunnerFailureException(death, e);
    }

    @Override
    protected synchronized void closeImpl() {
        if (death == null && worker.alive()) peakRss = worker.shutDown();
        worker.close();
    }
}
