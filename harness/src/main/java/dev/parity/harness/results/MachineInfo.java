package dev.parity.harness.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU a benchmark ran on, from /proc/cpuinfo: model, logical cores, the SIMD flags that decide which
 * kernels ONNX Runtime picks, and the clock, for the peak-FLOP estimate.
 *
 * @param mhz the current clock of the first core as the kernel reports it (not the turbo maximum)
 */
public record MachineInfo(String cpu, int cores, Set<String> simdFlags, double mhz, String jvm, String os) {
    private static final Set<String> INTERESTING = Set.of("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
            "avx512_vnni", "avx_vnni", "avx512_bf16", "avx512_fp16", "amx_bf16", "amx_int8", "amx_tile", "f16c");

    public static MachineInfo current() {
        String cpu = System.getProperty("os.arch");
        double mhz = 0;
        Set<String> flags = new TreeSet<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).trim() : "";
                if (line.startsWith("model name") && cpu.equals(System.getProperty("os.arch"))) cpu = value;
                if (line.startsWith("cpu MHz") && mhz == 0) mhz = Double.parseDouble(value);
                if (line.startsWith("flags") && flags.isEmpty()) {
                    for (String f : value.split("\\s+")) if (INTERESTING.contains(f)) flags.add(f);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unusual cpuinfo: keep what we have
        }
        return new MachineInfo(cpu, Runtime.getRuntime().availableProcessors(), flags, mhz,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /**
     * Peak float32 GFLOP/s of {@code cores} cores: cores x SIMD lanes x FMA units x 2 (an FMA is two FLOP) x clock.
     * Assumes two FMA units per core for AVX-512 parts (server Xeons; some client parts have one) and for AVX2.
     */
    public double peakGflops(int usedCores) {
        int lanes = float32Lanes();
        int fmaUnits = simdFlags.contains("fma") || simdFlags.contains("avx512f") ? 2 : 1;
        return usedCores * lanes * fmaUnits * 2 * mhz / 1000.0;
    }

    /** float32 values in one SIMD register: 16 with AVX-512, 8 with AVX/AVX2, else 4 (SSE). */
    private int float32Lanes() {
        return simdFlags.contains("avx512f") ? 16 : simdFlags.contains("avx2") || simdFlags.contains("avx") ? 8 : 4;
    }

    /**
     * Peak int8 multiply-add throughput as GOP/s: with AVX-512 VNNI one VPDPBUSD does 4 int8 multiply-adds per
     * 32-bit lane, 4x the float32 FMA rate; without VNNI, int8 on AVX2/AVX-512 runs about 2x float32.
     */
    public double peakInt8Gops(int usedCores) {
        boolean vnni = simdFlags.contains("avx512_vnni") || simdFlags.contains("avx_vnni");
        return peakGflops(usedCores) * (vnni ? 4 : 2);
    }

    public String peakAssumption(int usedCores) {
        int lanes = float32Lanes();
        return String.format(java.util.Locale.ROOT, "%d core(s) x %d float32 lanes x 2 FMA units x 2 FLOP x %.0f MHz "
                + "(clock as /proc/cpuinfo reports it; two FMA units assumed); int8 peak %s", usedCores, lanes, mhz,
                simdFlags.contains("avx512_vnni") || simdFlags.contains("avx_vnni") ? "4x that (VNNI: 4 int8 "
                        + "multiply-adds per 32-bit lane)" : "2x that (no VNNI)");
    }
}
