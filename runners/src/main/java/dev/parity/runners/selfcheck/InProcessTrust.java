package dev.parity.runners.selfcheck;

import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeUntrustedException;
import dev.parity.runners.RuntimeKind;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard before a local runtime computes anything in this process: it must have passed the self-check in this
 * process's environment (from the verdict cache, or checked here once). A runtime that computes wrong here is
 * refused with the evidence, never used; Parity's worker processes start it in a mode that passes instead.
 * A worker started in a mode Parity already checked is told so ({@value #VERIFIED}) and does not check again.
 */
public final class InProcessTrust {
    /** System property: runtime labels whose mode the parent verified for this process, comma-separated. */
    public static final String VERIFIED = "parity.selfcheck.verified";
    private static final Map<RuntimeKind, SelfCheckReport> CHECKED = new ConcurrentHashMap<>();

    private InProcessTrust() {
    }

    /** @throws RunnerUnavailableException when the runtime computes wrong results in this process */
    public static void require(RuntimeKind runtime) throws RunnerUnavailableException {
        if (!SelfCheck.covers(runtime) || verifiedByParent(runtime)) return;
        SelfCheckReport report = CHECKED.computeIfAbsent(runtime, InProcessTrust::check);
        if (!report.passed()) {
            throw new RuntimeUntrustedException(runtime.label() + " (" + report.version() + ") computes wrong "
                    + "results on this CPU (" + CpuSignature.current().describe() + ") in this process's mode: "
                    + report.summary() + ". Parity's worker processes start it in a mode that passes, when one does "
                    + "('parity doctor' shows which)");
        }
    }

    private static boolean verifiedByParent(RuntimeKind runtime) {
        String v = System.getProperty(VERIFIED, "");
        return Arrays.stream(v.split(",")).map(String::trim).anyMatch(runtime.label()::equals);
    }

    private static SelfCheckReport check(RuntimeKind runtime) {
        VerdictCache cache = new VerdictCache(VerdictCache.defaultDir());
        return cache.load(runtime.label(), Map.of()).orElseGet(() -> {
            SelfCheckReport r = SelfCheck.run(runtime, "this process");
            cache.store(runtime.label(), Map.of(), r);
            return r;
        });
    }
}
