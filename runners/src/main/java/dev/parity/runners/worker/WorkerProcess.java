package dev.parity.runners.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One worker JVM, started with this JVM's class path and the mode's environment, connected over a Unix domain socket
 * in a private temporary folder. The worker's stdout and stderr go to a log file there; if it dies, {@link #death}
 * says how (the signal, from the JVM's crash report when it wrote one) with the log's last lines, and the folder is
 * kept for a look. On a clean close the folder is removed.
 */
final class WorkerProcess implements AutoCloseable {
    /** glibc keeps freed memory instead of unmapping it per forward (libtorch 4x faster on these VMs; +140 MB). */
    static final Map<String, String> KEEP_MEMORY = Map.of("MALLOC_MMAP_THRESHOLD_", "4000000000",
            "MALLOC_TRIM_THRESHOLD_", "4000000000");
    private static final Pattern SIGNAL = Pattern.compile("#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");
    private static final long CONNECT_MILLIS = 60_000;

    private final Process process;
    private final Path folder;
    private final SocketChannel channel;
    final DataInputStream in;
    final DataOutputStream out;
    private final String what;

    private WorkerProcess(Process process, Path folder, SocketChannel channel, String what) {
        this.process = process;
        this.folder = folder;
        this.channel = channel;
        this.what = what;
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
    }

    /**
     * @param what     for messages, e.g. "variant 'pytorch'"
     * @param env      variables set over this process's environment
     * @param verified runtime labels the worker need not self-check again (its mode passed)
     */
    static WorkerProcess start(String what, Map<String, String> env, List<String> verified) throws IOException {
        Path folder = Files.createTempDirectory("parity-worker-");
        Path socket = folder.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try (server) {
            server.bind(UnixDomainSocketAddress.of(socket));
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmOptions(folder, verified));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(WorkerMain.class.getName());
            cmd.add(socket.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(folder.resolve("worker.log").toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            server.configureBlocking(false);
            long deadline = System.currentTimeMillis() + CONNECT_MILLIS;
            SocketChannel ch;
            while ((ch = server.accept()) == null) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("the worker process for " + what + " did not start: "
                            + describeExit(p, folder));
                }
                sleep(5);
            }
            ch.configureBlocking(true);
            Files.deleteIfExists(socket);
            return new WorkerProcess(p, folder, ch, what);
        }
    }

    /**
     * This JVM's settings that matter to a runtime (DJL's, Parity's, logging), a heap of its own, and the crash report
     * kept in the worker's folder instead of the working directory.
     */
    private static List<String> jvmOptions(Path folder, List<String> verified) {
        List<String> opts = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Dai.djl.") || arg.startsWith("-Dorg.slf4j.") || arg.startsWith("-Dparity.")
                    || arg.startsWith("-Djava.awt.headless")) {
                if (!arg.startsWith("-D" + dev.parity.runners.selfcheck.InProcessTrust.VERIFIED)) opts.add(arg);
            }
        }
        opts.add("-Dai.djl.offline=true");
        if (!verified.isEmpty()) {
            opts.add("-D" + dev.parity.runners.selfcheck.InProcessTrust.VERIFIED + "=" + String.join(",", verified));
        }
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        opts.add("-Xmx" + Math.max(1024, Math.min(maxMb, 4096)) + "m");
        opts.add("-XX:+UseSerialGC");
        opts.add("-XX:-CreateCoredumpOnCrash");
        opts.add("-XX:ErrorFile=" + folder.resolve("hs_err.log"));
        return opts;
    }

    /** Asks the worker to close its runner and exit; its peak RSS, or -1 when it does not answer. */
    long shutDown() {
        try {
            out.writeInt(WorkerProtocol.CLOSE);
            out.flush();
            return in.readUnsignedByte() == WorkerProtocol.OK ? in.readLong() : -1;
        } catch (IOException e) {
            return -1; // it is going anyway
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Why the worker is gone, after a request found its socket closed: "the worker process for variant 'x' died:
     * SIGSEGV (the JVM's crash report: ...); last output: ...".
     */
    String death() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) process.destroyForcibly();
        return "the worker process for " + what + " (pid " + process.pid() + ") died: " + describeExit(process, folder);
    }

    private static String describeExit(Process p, Path folder) {
        if (p.isAlive()) return "it is still running but stopped answering";
        int code = p.exitValue();
        String signal = null;
        Path crash = folder.resolve("hs_err.log");
        if (Files.isRegularFile(crash)) {
            try {
                Matcher m = SIGNAL.matcher(Files.readString(crash));
                if (m.find()) signal = m.group(1);
            } catch (IOException e) {
                // the exit code still says something
            }
        }
        String how = signal != null ? signal + " in native code (the JVM's crash report: " + crash + ")"
                : code > 128 ? signalName(code - 128) + " (exit status " + code + ")" : "exit status " + code;
        String log = lastLines(folder.resolve("worker.log"), 3);
        return how + (log.isEmpty() ? "" : "; its last output: " + log);
    }

    /** The usual names of the signals a crashing runtime dies of. */
    static String signalName(int signal) {
        return switch (signal) {
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    private static String lastLines(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the worker: asked to by then (CLOSE was sent), or forcibly; the folder goes unless it holds a crash. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!Files.exists(folder.resolve("hs_err.log")) && (process.isAlive() || process.exitValue() == 0)) {
            deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder left behind costs nothing
        }
    }
}
