package dev.parity.runners;

import java.util.List;

/**
 * The instruction sets a variant's runtime may be held to (a spec's {@code host.cpu_isa}), in oneDNN's own names,
 * lower case: libtorch's oneDNN reads them from {@code ONEDNN_MAX_CPU_ISA}. ONNX Runtime has no such switch.
 */
public final class CpuIsa {
    public static final List<String> ONEDNN = List.of("sse41", "avx", "avx2", "avx2_vnni", "avx2_vnni_2",
            "avx512_core", "avx512_core_vnni", "avx512_core_bf16", "avx10_1_512", "avx10_1_512_amx",
            "avx10_1_512_amx_fp16");

    private CpuIsa() {
    }
}
