package dev.parity.runners.worker;

import dev.parity.runners.RuntimeKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a runtime's process is started on this host: the environment it gets before it loads. A native runtime reads
 * such settings once (oneDNN reads {@code ONEDNN_MAX_CPU_ISA} before its first primitive), so a mode is a process:
 * Parity runs each local variant in a worker process started in the variant's mode.
 *
 * @param name        e.g. "default", "onednn-avx2"
 * @param env         variables set in the worker's environment
 * @param description e.g. "oneDNN capped at AVX2"
 */
public record HostMode(String name, Map<String, String> env, String description) {
    public static final String ONEDNN_ISA = "ONEDNN_MAX_CPU_ISA";
    public static final HostMode DEFAULT = new HostMode("default", Map.of(),
            "the runtime's own choice of kernels for this CPU");

    public HostMode {
        env = Map.copyOf(env);
    }

    /**
     * oneDNN (inside libtorch) limited to an instruction set, e.g. "avx2", "sse41", "avx512_core". ONNX Runtime has no
     * such switch: its MLAS kernels pick the instruction set from the CPU alone.
     */
    public static HostMode onednnCap(String isa) {
        String upper = isa.trim().toUpperCase(Locale.ROOT);
        return new HostMode("onednn-" + upper.toLowerCase(Locale.ROOT), Map.of(ONEDNN_ISA, upper),
                "oneDNN capped at " + upper);
    }

    /**
     * The modes tried in order until one passes the self-check: the runtime's own choice first, then safer ones.
     * For libtorch, oneDNN capped at AVX2, then at SSE4.1 (on an AMD Zen 5 VM both the AVX-512 and the AVX2 kernels
     * computed some convolutions wrong; SSE4.1's were right). ONNX Runtime has one mode.
     */
    public static List<HostMode> ladder(RuntimeKind runtime) {
        if (runtime == RuntimeKind.TORCHSCRIPT) return List.of(DEFAULT, onednnCap("avx2"), onednnCap("sse41"));
        return List.of(DEFAULT);
    }
}
