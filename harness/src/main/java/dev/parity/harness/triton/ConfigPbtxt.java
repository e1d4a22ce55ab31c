package dev.parity.harness.triton;

import java.util.List;

/**
 * Renders a {@link TritonModel} as Triton's config.pbtxt (protobuf text format of inference.ModelConfig), laid
 * out the way Triton's documentation writes it so that a person can read and edit it.
 */
public final class ConfigPbtxt {
    private ConfigPbtxt() {
    }

    public static String render(TritonModel m) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by Parity (parity export-triton); the schema is Triton's inference.ModelConfig.\n");
        b.append("name: ").append(quoted(m.name())).append('\n');
        b.append("platform: ").append(quoted(m.platform())).append('\n');
        b.append("max_batch_size: ").append(m.maxBatchSize()).append('\n');
        tensors(b, "input", m.inputs(), null);
        tensors(b, "output", m.outputs(), m.labelFile());
        if (m.maxBatchSize() > 0) {
            b.append("dynamic_batching {\n  max_queue_delay_microseconds: ").append(m.queueDelayUs()).append("\n}\n");
        }
        b.append("instance_group [\n  {\n    count: ").append(m.instances()).append("\n    kind: ")
                .append(m.gpu() ? "KIND_GPU" : "KIND_CPU").append("\n  }\n]\n");
        if (m.trtPrecision() != null) {
            b.append("optimization {\n  execution_accelerators {\n    gpu_execution_accelerator: [\n      {\n")
                    .append("        name: \"tensorrt\"\n")
                    .append("        parameters { key: \"precision_mode\" value: ").append(quoted(m.trtPrecision()))
                    .append(" }\n      }\n    ]\n  }\n}\n");
        }
        return b.toString();
    }

    /** @param labelFile the first tensor's label_filename, or null */
    private static void tensors(StringBuilder b, String field, List<TritonModel.Tensor> list, String labelFile) {
        b.append(field).append(" [\n");
        for (int i = 0; i < list.size(); i++) {
            TritonModel.Tensor t = list.get(i);
            b.append("  {\n    name: ").append(quoted(t.name())).append("\n    data_type: ").append(t.dataType())
                    .append("\n    dims: [ ");
            for (int d = 0; d < t.dims().size(); d++) b.append(d == 0 ? "" : ", ").append(t.dims().get(d));
            b.append(" ]\n");
            if (i == 0 && labelFile != null) b.append("    label_filename: ").append(quoted(labelFile)).append('\n');
            b.append("  }").append(i + 1 < list.size() ? "," : "").append('\n');
        }
        b.append("]\n");
    }

    /** A protobuf text-format string literal. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
