package dev.parity.app;

import dev.parity.runners.RuntimeKind;
import dev.parity.runners.selfcheck.CpuSignature;
import dev.parity.runners.selfcheck.ProbeOutcome;
import dev.parity.runners.selfcheck.SelfCheckReport;
import dev.parity.runners.worker.HostTrust;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity doctor}: the runtime self-check on demand, and what Parity will run each runtime in here. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks every local runtime on this host: each computes a fixed set of probe networks "
                + "(convolutions, depthwise, Conv+BN+ReLU, pooling, a residual Add, Linear; INT8 QDQ for ONNX "
                + "Runtime) whose exact results Parity computes itself in double precision.",
                "Prints the CPU, and per runtime the mode Parity runs it in and why (a runtime that is wrong in its "
                        + "default mode is tried in safer ones: libtorch with oneDNN capped at AVX2, then SSE4.1). "
                        + "Verdicts are cached per runtime build and CPU; exit 1 when some runtime is right in no "
                        + "mode."})
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    CacheOption cache = new CacheOption();

    @Option(names = "--fresh", description = "Check again even when this host's verdicts are cached (and replace "
            + "them).")
    boolean fresh;

    @Option(names = {"-v", "--verbose"}, description = "Every probe's result, not only the worst.")
    boolean verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        CpuSignature cpu = CpuSignature.current();
        out.println("CPU: " + cpu.describe() + (cpu.stepping().isEmpty() ? "" : ", stepping " + cpu.stepping()));
        out.println("SIMD: " + cpu.simdFlags());
        Path dir = cache.dir();
        HostTrust trust = new HostTrust(dir, m -> err.println("[parity] " + m), fresh);
        boolean allTrusted = true;
        for (RuntimeKind runtime : List.of(RuntimeKind.TORCHSCRIPT, RuntimeKind.ONNXRUNTIME)) {
            HostTrust.Verdict v = trust.verdict(runtime, null);
            allTrusted &= v.trusted();
            out.println();
            SelfCheckReport last = v.tried().get(v.tried().size() - 1);
            out.printf(Locale.ROOT, "%s (%s): %s%n", runtime.label(), last.version(),
                    v.trusted() ? "runs in mode " + v.mode().name() + " (" + v.mode().description() + ")"
                            : "NOT TRUSTED on this CPU");
            out.println("  why: " + v.why());
            for (SelfCheckReport r : v.tried()) {
                out.printf(Locale.ROOT, "  mode %-14s %s%n", r.mode(), (r.passed() ? "right: " : "WRONG: ")
                        + r.summary());
                if (verbose) {
                    for (ProbeOutcome o : r.outcomes()) {
                        out.println("      " + (o.passed() ? "ok    " : "WRONG ") + o.describe());
                    }
                }
            }
            out.printf(Locale.ROOT, "  %s in %d ms%n", v.cached() ? "from the cache (parity doctor --fresh checks "
                    + "again)" : "checked now", v.millis());
        }
        out.println();
        out.println("ONNX Runtime has no switch to cap its instruction set: its kernels follow the CPU. libtorch's "
                + "oneDNN can be capped (a variant's host: {cpu_isa: avx2}).");
        out.flush();
        return allTrusted ? ParityCli.OK : ParityCli.GATE_FAILED;
    }
}
