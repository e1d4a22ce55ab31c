package dev.parity.runners.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.selfcheck.CpuSignature;
import dev.parity.runners.selfcheck.SelfCheckReport;
import dev.parity.runners.selfcheck.VerdictCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Decides, per local runtime, the mode Parity trusts it in on this host: each mode of the runtime's ladder
 * ({@link HostMode#ladder}) is self-checked in a worker process started in that mode, until one passes. Reports come
 * from the verdict cache when this runtime build, CPU and environment were checked before, so this costs once per
 * machine. A mode a spec forces ({@code host.cpu_isa}) is checked alone: if it computes wrong here, it is not used.
 */
public final class HostTrust {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final VerdictCache cache;
    private final Consumer<String> log;
    private final boolean fresh;
    private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

    /**
     * What Parity decided for one runtime.
     *
     * @param mode    the mode to run it in; null when no mode passed (the runtime is not trusted here)
     * @param tried   every mode's report, in the order tried
     * @param cached  whether the reports came from the cache
     * @param millis  what deciding cost in this run
     */
    public record Verdict(String runtime, HostMode mode, String why, List<SelfCheckReport> tried, boolean cached,
                          long millis, String cpu) {
        public boolean trusted() {
            return mode != null;
        }
    }

    public HostTrust(Path cacheDir, Consumer<String> log) {
        this(cacheDir, log, false);
    }

    /** @param fresh check again even where the cache has a verdict (and replace it) */
    public HostTrust(Path cacheDir, Consumer<String> log, boolean fresh) {
        this.cache = new VerdictCache(cacheDir);
        this.log = log;
        this.fresh = fresh;
    }

    /**
     * @param forced the mode a spec asks for, or null to take the first of the ladder that passes
     */
    public Verdict verdict(RuntimeKind runtime, HostMode forced) {
        String key = runtime.label() + "|" + (forced == null ? "" : forced.name());
        return verdicts.computeIfAbsent(key, k -> decide(runtime, forced));
    }

    private Verdict decide(RuntimeKind runtime, HostMode forced) {
        long t0 = System.nanoTime();
        List<HostMode> modes = forced != null ? List.of(forced) : HostMode.ladder(runtime);
        List<SelfCheckReport> tried = new ArrayList<>();
        boolean allCached = true;
        HostMode chosen = null;
        for (HostMode mode : modes) {
            SelfCheckReport report = fresh ? null : cache.load(runtime.label(), mode.env()).orElse(null);
            boolean checkedNow = report == null;
            if (checkedNow) {
                allCached = false;
                log.accept("self-check: " + runtime.label() + " in mode " + mode.name() + " on "
                        + CpuSignature.current().describe());
                report = checkInWorker(runtime, mode);
                if (report.outcomes().stream().noneMatch(o -> o.probe().startsWith("worker "))) {
                    cache.store(runtime.label(), mode.env(), report);
                }
            }
            tried.add(report);
            if (report.passed()) {
                chosen = mode;
                break;
            }
            if (checkedNow) {
                log.accept("self-check: " + runtime.label() + " computes wrong results in mode " + mode.name() + ": "
                        + report.summary());
            }
        }
        String why = why(runtime, forced, chosen, tried);
        return new Verdict(runtime.label(), chosen, why, tried, allCached, (System.nanoTime() - t0) / 1_000_000,
                CpuSignature.current().describe());
    }

    private static String why(RuntimeKind runtime, HostMode forced, HostMode chosen, List<SelfCheckReport> tried) {
        String cpu = CpuSignature.current().describe();
        if (chosen == null) {
            StringBuilder b = new StringBuilder(runtime.label() + " computes wrong results on this CPU (" + cpu + ")"
                    + (forced != null ? " in the mode the spec asks for (" + forced.description() + ")" : "") + ": ");
            for (SelfCheckReport r : tried) b.append(r.mode()).append(": ").append(r.summary()).append("; ");
            return b.append("no mode Parity can start it in passes its self-check").toString();
        }
        if (forced != null) return "the spec asks for " + chosen.description() + "; its self-check passed";
        if (tried.size() == 1) return "its self-check passed in the runtime's default mode";
        StringBuilder b = new StringBuilder();
        for (SelfCheckReport r : tried.subList(0, tried.size() - 1)) {
            b.append("mode ").append(r.mode()).append(" computes wrong results on this CPU (").append(r.summary())
                    .append("); ");
        }
        return b.append(chosen.description()).append(" passed, so Parity runs it so").toString();
    }

    /** One self-check in a fresh worker started in {@code mode}; a worker that dies fails the mode, saying how. */
    private static SelfCheckReport checkInWorker(RuntimeKind runtime, HostMode mode) {
        try (WorkerProcess w = WorkerProcess.start(runtime.label() + " self-check in mode " + mode.name(),
                WorkerRunner.environment(runtime, mode), List.of())) {
            try {
                w.out.writeInt(WorkerProtocol.SELF_CHECK);
                w.out.writeUTF(runtime.label());
                w.out.writeUTF(mode.name());
                w.out.flush();
                int status = w.in.readUnsignedByte();
                String text = WorkerProtocol.readText(w.in);
                w.shutDown();
                if (status != WorkerProtocol.OK) return failed(runtime, mode, "worker failed: " + text);
                return JSON.readValue(text, SelfCheckReport.class);
            } catch (IOException e) {
                return failed(runtime, mode, "worker " + w.death());
            }
        } catch (IOException e) {
            return failed(runtime, mode, "worker could not start: " + e.getMessage());
        }
    }

    private static SelfCheckReport failed(RuntimeKind runtime, HostMode mode, String why) {
        return new SelfCheckReport(runtime.label(), "unknown", mode.name(),
                List.of(new dev.parity.runners.selfcheck.ProbeOutcome(why, Double.POSITIVE_INFINITY, 0, 0)), 0);
    }
}
