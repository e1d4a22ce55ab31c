package dev.parity.harness.output;

import dev.parity.harness.results.RunSummary;
import dev.parity.runners.selfcheck.CpuSignature;

/** The machine a run ran on: JVM, OS, CPU model and cores. */
final class EnvironmentInfo {
    private EnvironmentInfo() {
    }

    static RunSummary.Environment current() {
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        CpuSignature cpu = CpuSignature.current();
        return new RunSummary.Environment(jvm, os, cpu.modelName(), Runtime.getRuntime().availableProcessors(),
                cpu.vendor().isEmpty() ? null : cpu.vendor() + " family " + cpu.family() + " model " + cpu.model()
                        + " stepping " + cpu.stepping(), cpu.simdFlags());
    }
}
