package dev.parity.harness.triton;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.parity.convert.OnnxModels;
import dev.parity.harness.ParityInputException;
import dev.parity.runners.Batch;
import dev.parity.runners.DType;
import dev.parity.runners.Device;
import dev.parity.runners.ModelContract;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.selfcheck.VerdictCache;
import dev.parity.runners.worker.IsolatedRunners;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A model's inputs and outputs as Triton declares them, with or without a batch dimension. */
record ModelIo(int maxBatchSize, List<TritonModel.Tensor> inputs, List<TritonModel.Tensor> outputs) {

    /**
     * Reads an ONNX graph's inputs (initializers excluded) and outputs. When every one of them has a variable
     * first dimension, Triton batches: max_batch_size is {@code maxBatchSize} and the dims leave it out;
     * otherwise max_batch_size is 0 and the dims are the full shapes.
     */
    static ModelIo fromOnnx(Path onnx, int maxBatchSize) {
        ModelProto model = OnnxModels.read(onnx);
        GraphProto g = model.getGraph();
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) initializers.add(t.getName());
        List<List<Long>> inShapes = new ArrayList<>(), outShapes = new ArrayList<>();
        List<ValueInfoProto> ins = g.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
        for (ValueInfoProto v : ins) inShapes.add(shape(onnx, v));
        for (ValueInfoProto v : g.getOutputList()) outShapes.add(shape(onnx, v));
        boolean batched = maxBatchSize > 0 && allVariableFirst(inShapes) && allVariableFirst(outShapes);
        List<TritonModel.Tensor> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) inputs.add(tensor(onnx, ins.get(i), inShapes.get(i), batched));
        for (int i = 0; i < g.getOutputCount(); i++) outputs.add(tensor(onnx, g.getOutput(i), outShapes.get(i), batched));
        return new ModelIo(batched ? maxBatchSize : 0, inputs, outputs);
    }

    /**
     * A TorchScript module carries no tensor names, so Triton's PyTorch backend takes INPUT__0 and OUTPUT__0. The
     * input is the spec's contract; the output's size is read by running the module once on one zero sample.
     */
    static ModelIo forTorchScript(Path pt, ModelContract contract, int maxBatchSize) {
        long[] sample = contract.inputSampleShape();
        int elements = 1;
        for (long d : sample) elements *= (int) d;
        long k;
        // in a worker started in the mode libtorch passed its self-check in, as every run does
        IsolatedRunners runners = new IsolatedRunners(VerdictCache.defaultDir(), m -> { });
        try (Runner r = runners.open(new RunnerSettings("export", RuntimeKind.TORCHSCRIPT, pt, Device.CPU, 1,
                contract))) {
            Outputs out = r.run(new Batch(0, 1, sample, new float[elements]));
            k = out.data().length;
        } catch (RunnerUnavailableException e) {
            throw new ParityInputException(pt + ": cannot open the TorchScript model to read its output size: "
                    + e.getMessage(), e);
        }
        List<Long> inDims = new ArrayList<>();
        for (long d : sample) inDims.add(d);
        int batch = Math.max(maxBatchSize, 0);
        if (batch == 0) inDims.add(0, 1L);
        return new ModelIo(batch, List.of(new TritonModel.Tensor("INPUT__0", tritonType(contract.inputType()), inDims)),
                List.of(new TritonModel.Tensor("OUTPUT__0", tritonType(contract.outputType()),
                        batch == 0 ? List.of(1L, k) : List.of(k))));
    }

    private static String tritonType(DType t) {
        if (t.tritonConfigType() == null) {
            throw new ParityInputException("the spec's tensor type " + t.label() + " has no Triton data type");
        }
        return t.tritonConfigType();
    }

    private static boolean allVariableFirst(List<List<Long>> shapes) {
        return shapes.stream().allMatch(s -> !s.isEmpty() && s.get(0) == -1);
    }

    private static TritonModel.Tensor tensor(Path onnx, ValueInfoProto v, List<Long> shape, boolean batched) {
        List<Long> dims = batched ? shape.subList(1, shape.size()) : shape;
        if (dims.isEmpty()) dims = List.of(1L); // Triton needs a dimension; a batched scalar is [1]
        return new TritonModel.Tensor(v.getName(), tritonType(onnx, v), dims);
    }

    private static List<Long> shape(Path onnx, ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            throw new ParityInputException(onnx + ": '" + v.getName() + "' is not a tensor; Triton's ONNX backend "
                    + "serves tensors");
        }
        return new ArrayList<>(OnnxModels.dims(v));
    }

    private static String tritonType(Path onnx, ValueInfoProto v) {
        int t = v.getType().getTensorType().getElemType();
        String triton = DType.fromOnnx(t).tritonConfigType();
        if (triton == null) {
            throw new ParityInputException(onnx + ": '" + v.getName() + "' has ONNX element type " + t
                    + ", which Triton has no data type for");
        }
        return triton;
    }
}
