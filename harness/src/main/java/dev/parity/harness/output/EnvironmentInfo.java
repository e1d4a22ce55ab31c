package dev.parity.harness.output;

import dev.parity.harness.results.RunSummary;
import dev.parity.runners.selfcheck.CpuSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run ran on: JVM, OS, CPU model and cores. */
final class EnvironmentInfo {
    private EnvironmentInfo() {
    }

    static RunSummary.Environment current() {
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        CpuSignature cpu = CpuSignature.current();
        return new RunSummary.Environment(jvm, os, cpuModel(), Runtime.getRuntime().availableProcessors(),
                cpu.vendor().isEmpty() ? null : cpu.vendor() + " family " + cpu.family() + " model " + cpu.model()
                        + " stepping " + cpu.stepping(), cpu.simdFlags());
    }

    /** "model name" from /proc/cpuinfo on Linux; the architecture elsewhere. */
    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                List<String> lines = Files.readAllLines(cpuinfo);
                for (String line : lines) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch");
    }
}
