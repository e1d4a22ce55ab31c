package dev.parity.runners;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The runtimes a variant can run on, each with the one spelling a spec, summary.json and every message use. A new
 * runtime is added here, and the compiler then finds every switch that must learn about it.
 */
public enum RuntimeKind {
    TORCHSCRIPT("torchscript"),
    ONNXRUNTIME("onnxruntime"),
    TENSORRT("tensorrt"),
    KSERVE_HTTP("kserve-http"),
    KSERVE_GRPC("kserve-grpc");

    private final String label;

    RuntimeKind(String label) {
        this.label = label;
    }

    /** As a spec writes it, e.g. "kserve-http". */
    public String label() {
        return label;
    }

    /** A model served by a KServe v2 server (Triton), not run in this process. */
    public boolean served() {
        return this == KSERVE_HTTP || this == KSERVE_GRPC;
    }

    /** Every spelling, for messages that list what is allowed. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(RuntimeKind::label).toList();
    }

    /** The runtime a spec names, or null when it names none of them. */
    public static RuntimeKind parse(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.label.equals(l)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
