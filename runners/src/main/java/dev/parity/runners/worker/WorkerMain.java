package dev.parity.runners.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.runners.Batch;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.factory.Runners;
import dev.parity.runners.selfcheck.SelfCheck;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process: one runner (or one self-check) in a JVM of its own, so that a native crash costs one variant,
 * the runtime gets the environment its mode sets, and its memory is its own to measure. Started by
 * {@link WorkerProcess} with the socket to connect to; serves requests until CLOSE or until the socket closes.
 */
public final class WorkerMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Runner runner;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        Path socket = Path.of(args[0]);
        // ONNX Runtime recurses deeply on the thread that builds a session: a thread with room for it
        Thread t = new Thread(null, () -> new WorkerMain().serve(socket), "parity-worker", 64L << 20);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    private void serve(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch),
                    1 << 16));
            while (true) {
                int op;
                try {
                    op = in.readInt();
                } catch (EOFException e) {
                    return; // the parent went away
                }
                if (!handle(op, in, out)) return;
                out.flush();
            }
        } catch (IOException e) {
            System.err.println("parity worker: " + e);
        } finally {
            if (runner != null) runner.close();
        }
    }

    /** @return false after CLOSE */
    private boolean handle(int op, DataInputStream in, DataOutputStream out) throws IOException {
        switch (op) {
            case WorkerProtocol.OPEN -> {
                RunnerSettings settings = WorkerProtocol.readSettings(in);
                reply(out, o -> {
                    runner = Runners.open(settings);
                    o.writeUTF(runner.runtimeVersion());
                    o.writeUTF(runner.executionProvider());
                    WorkerProtocol.writeSignature(o, runner.signature());
                });
            }
            case WorkerProtocol.RUN -> {
                Batch batch = WorkerProtocol.readBatch(in);
                reply(out, o -> {
                    Outputs result = runner.run(batch);
                    WorkerProtocol.writeOutputs(o, result);
                    o.writeLong(runner.lastInferenceNanos());
                });
            }
            case WorkerProtocol.TIME -> {
                boolean latency = in.readBoolean();
                long millis = in.readLong();
                int repetitions = in.readInt();
                double warmUp = in.readDouble();
                int n = in.readInt();
                List<Batch> pool = new ArrayList<>(n);
                for (int i = 0; i < n; i++) pool.add(WorkerProtocol.readBatch(in));
                reply(out, o -> WorkerProtocol.writeDoubles(o, runner.timeRepetitions(pool, latency, millis,
                        repetitions, warmUp)));
            }
            case WorkerProtocol.SELF_CHECK -> {
                RuntimeKind runtime = RuntimeKind.parse(in.readUTF());
                String mode = in.readUTF();
                reply(out, o -> WorkerProtocol.writeText(o, JSON.writeValueAsString(SelfCheck.run(runtime, mode))));
            }
            case WorkerProtocol.CLOSE -> {
                if (runner != null) runner.close();
                runner = null;
                out.writeByte(WorkerProtocol.OK);
                out.writeLong(peakRssBytes());
                out.flush();
                return false;
            }
            default -> throw new IOException("unknown request " + op);
        }
        return true;
    }

    /** What a reply body writes; it may throw what the runner throws. */
    @FunctionalInterface
    private interface Body {
        void write(DataOutputStream out) throws Exception;
    }

    /**
     * Writes OK and the body, or the failure's kind and message. The body is built in memory first, so a failure
     * half-way never leaves half a reply on the wire.
     */
    private static void reply(DataOutputStream out, Body body) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        DataOutputStream staged = new DataOutputStream(buffer);
        int status;
        String message = null;
        try {
            body.write(staged);
            status = WorkerProtocol.OK;
        } catch (RunnerUnavailableException e) {
            status = WorkerProtocol.UNAVAILABLE;
            message = e.getMessage();
        } catch (InvalidModelException e) {
            status = WorkerProtocol.INVALID_MODEL;
            message = e.getMessage();
        } catch (Exception | LinkageError e) {
            status = WorkerProtocol.FAILURE;
            message = e instanceof dev.parity.runners.RunnerFailureException || e.getMessage() == null
                    ? String.valueOf(e.getMessage()) : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        out.writeByte(status);
        if (status == WorkerProtocol.OK) buffer.writeTo(out);
        else WorkerProtocol.writeText(out, message == null ? "(no message)" : message);
    }

    private static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return 1024L * Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
