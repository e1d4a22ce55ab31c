package dev.parity.runners.selfcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU as kernels see it, from /proc/cpuinfo: vendor, family, model, stepping, model name and every flag. Two
 * hosts with the same signature pick the same kernels, so a self-check verdict is kept per signature, not per CPU
 * name (Parity keeps no list of CPU models).
 *
 * @param flags the whole flags line, as the kernel prints it
 */
public record CpuSignature(String vendor, String family, String model, String stepping, String modelName,
                           String flags) {

    private static final CpuSignature CURRENT = read();

    /** This host's CPU, read once: it does not change while the process runs. */
    public static CpuSignature current() {
        return CURRENT;
    }

    private static CpuSignature read() {
        String vendor = "", family = "", model = "", stepping = "", name = System.getProperty("os.arch"), flags = "";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.isBlank()) break; // the first processor describes them all
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
                switch (key) {
                    case "vendor_id" -> vendor = value;
                    case "cpu family" -> family = value;
                    case "model" -> model = value;
                    case "stepping" -> stepping = value;
                    case "model name" -> name = value;
                    case "flags" -> flags = value;
                    default -> { }
                }
            }
        } catch (IOException e) {
            // not Linux: the architecture alone names the host
        }
        return new CpuSignature(vendor, family, model, stepping, name, flags);
    }

    /** "AMD EPYC (AuthenticAMD family 26 model 2)" */
    public String describe() {
        return modelName + (vendor.isEmpty() ? "" : " (" + vendor + " family " + family + " model " + model + ")");
    }

    /** The SIMD features that decide kernels, e.g. "avx2 avx512f avx512_vnni ...", in cpuinfo's order. */
    public String simdFlags() {
        StringBuilder b = new StringBuilder();
        for (String f : flags.split("\\s+")) {
            if (f.startsWith("avx") || f.startsWith("amx") || f.startsWith("sse4") || f.equals("fma")
                    || f.equals("f16c")) {
                b.append(b.length() == 0 ? "" : " ").append(f);
            }
        }
        return b.toString();
    }
}
