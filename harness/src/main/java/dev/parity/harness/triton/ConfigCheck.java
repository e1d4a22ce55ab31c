package dev.parity.harness.triton;

import com.google.protobuf.TextFormat;
import dev.parity.harness.triton.schema.TritonModelConfig.DataType;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelConfig;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelInput;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelInstanceGroup;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a config.pbtxt with protobuf's text-format parser against Triton's model configuration schema (unknown
 * fields, wrong types and bad enum values are errors, as they are when Triton loads it), then checks that what
 * was parsed is what Parity meant to write and obeys the rules Triton applies when it loads a model.
 */
public final class ConfigCheck {
    private ConfigCheck() {
    }

    /** @throws IllegalStateException naming each difference or rule broken */
    public static ModelConfig parse(String pbtxt) {
        ModelConfig.Builder b = ModelConfig.newBuilder();
        try {
            TextFormat.getParser().merge(pbtxt, b);
        } catch (TextFormat.ParseException e) {
            throw new IllegalStateException("config.pbtxt does not parse as Triton's ModelConfig: " + e.getMessage(), e);
        }
        return b.build();
    }

    /** Parses the text and compares it with the model it was rendered from. */
    public static ModelConfig verify(String pbtxt, TritonModel intended) {
        ModelConfig c = parse(pbtxt);
        List<String> problems = new ArrayList<>();
        expect(problems, "name", intended.name(), c.getName());
        expect(problems, "platform", intended.platform(), c.getPlatform());
        expect(problems, "max_batch_size", intended.maxBatchSize(), c.getMaxBatchSize());
        expect(problems, "input count", intended.inputs().size(), c.getInputCount());
        for (int i = 0; i < Math.min(intended.inputs().size(), c.getInputCount()); i++) {
            ModelInput in = c.getInput(i);
            tensor(problems, "input[" + i + "]", intended.inputs().get(i), in.getName(), in.getDataType(), in.getDimsList());
        }
        expect(problems, "output count", intended.outputs().size(), c.getOutputCount());
        for (int i = 0; i < Math.min(intended.outputs().size(), c.getOutputCount()); i++) {
            ModelOutput out = c.getOutput(i);
            tensor(problems, "output[" + i + "]", intended.outputs().get(i), out.getName(), out.getDataType(),
                    out.getDimsList());
        }
        if (c.getOutputCount() > 0) {
            expect(problems, "output[0].label_filename", intended.labelFile() == null ? "" : intended.labelFile(),
                    c.getOutput(0).getLabelFilename());
        }
        expect(problems, "dynamic_batching present", intended.maxBatchSize() > 0, c.hasDynamicBatching());
        if (c.getMaxBatchSize() == 0 && c.hasDynamicBatching()) {
            problems.add("dynamic_batching needs max_batch_size > 0");
        }
        expect(problems, "instance_group count", 1, c.getInstanceGroupCount());
        if (c.getInstanceGroupCount() == 1) {
            ModelInstanceGroup g = c.getInstanceGroup(0);
            expect(problems, "instance_group.count", intended.instances(), g.getCount());
            expect(problems, "instance_group.kind",
                    intended.gpu() ? ModelInstanceGroup.Kind.KIND_GPU : ModelInstanceGroup.Kind.KIND_CPU, g.getKind());
        }
        var accelerators = c.getOptimization().getExecutionAccelerators().getGpuExecutionAcceleratorList();
        if (intended.trtPrecision() == null) {
            expect(problems, "gpu_execution_accelerator count", 0, accelerators.size());
        } else if (accelerators.size() != 1 || !accelerators.get(0).getName().equals("tensorrt")
                || !intended.trtPrecision().equals(accelerators.get(0).getParametersMap().get("precision_mode"))) {
            problems.add("gpu_execution_accelerator: expected tensorrt with precision_mode " + intended.trtPrecision()
                    + ", found " + accelerators);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("config.pbtxt parsed but differs from what was meant: "
                    + String.join("; ", problems));
        }
        return c;
    }

    private static void tensor(List<String> problems, String where, TritonModel.Tensor t, String name, DataType type,
                               List<Long> dims) {
        expect(problems, where + ".name", t.name(), name);
        expect(problems, where + ".data_type", t.dataType(), type.name());
        expect(problems, where + ".dims", t.dims(), dims);
        if (dims.isEmpty()) problems.add(where + ".dims is empty (Triton needs at least one dimension)");
        for (long d : dims) {
            if (d < -1 || d == 0) problems.add(where + ".dims has " + d + " (dimensions are -1 or positive)");
        }
        if (type == DataType.TYPE_INVALID) problems.add(where + ".data_type is TYPE_INVALID");
    }

    private static void expect(List<String> problems, String what, Object expected, Object found) {
        if (!expected.equals(found)) problems.add(what + ": expected " + expected + ", found " + found);
    }
}
