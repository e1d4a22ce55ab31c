package dev.parity.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Intermediate tensors of a model read out as float32: each wanted tensor gets a {@code Cast(to=FLOAT)} whose
 * output becomes an extra graph output, so a float16 tensor of an FP16 model and a float32 tensor of its FP32
 * source are read the same way (a cast of float32 to float32 changes nothing). Graph optimisations are off, so
 * fusions cannot remove the tensors asked for.
 */
public final class TensorTaps implements AutoCloseable {
    static final String SUFFIX = "__parity_tap";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;
    private final Map<String, String> tapOf = new LinkedHashMap<>();

    /** A tensor's values for one batch, samples first ({@code perSample} values each). */
    public interface Sink {
        void accept(String tensor, float[] values, int samples, int perSample);
    }

    /**
     * @param tensors names in the model to read out; each must be produced by a node of the graph
     */
    public TensorTaps(ModelProto model, String inputName, List<String> tensors) {
        this.inputName = inputName;
        GraphProto g = model.getGraph();
        GraphProto.Builder b = g.toBuilder();
        Set<String> taken = Graphs.allNames(g);
        for (String t : tensors) {
            String tap = Graphs.fresh(t + SUFFIX, taken);
            tapOf.put(t, tap);
            b.addNode(NodeProto.newBuilder().setOpType("Cast").setName(tap).addInput(t).addOutput(tap)
                    .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                            .setI(ElementTypes.FLOAT)));
            b.addOutput(ValueInfoProto.newBuilder().setName(tap).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementTypes.FLOAT))));
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            o.setIntraOpNumThreads(1);
            session = env.createSession(model.toBuilder().setGraph(b).build().toByteArray(), o);
        } catch (OrtException e) {
            throw new ConversionException("cannot open the model with " + tensors.size() + " tensor(s) exposed: "
                    + e.getMessage(), e);
        }
    }

    /** Runs one batch (float32 input of {@code shape}) and hands each tapped tensor to the sink. */
    public void run(float[] input, long[] shape, Sink sink) {
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = session.run(Map.of(inputName, in), Set.copyOf(tapOf.values()))) {
            Map<String, String> tensorOf = new LinkedHashMap<>();
            tapOf.forEach((t, tap) -> tensorOf.put(tap, t));
            for (Map.Entry<String, OnnxValue> e : r) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                FloatBuffer fb = t.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                int samples = (int) shape[0];
                sink.accept(tensorOf.get(e.getKey()), values, samples, samples == 0 ? 0 : values.length / samples);
            }
        } catch (OrtException e) {
            throw new ConversionException("running the model with tensors exposed failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session frees native memory; nothing to recover
        }
    }

    /** A node along the graph: its name, op type, first output and inputs, in topological order. */
    public record Step(int index, String node, String opType, String tensor, List<String> inputs) {
    }

    /** The steps of a graph worth comparing: every node with an output, in topological order. */
    public static List<Step> steps(ModelProto model) {
        GraphProto g = model.getGraph();
        List<NodeProto> nodes = Graphs.topologicalSort(Graphs.named(g.getNodeList()), Graphs.sources(g));
        List<Step> out = new ArrayList<>();
        for (NodeProto n : nodes) {
            if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) continue;
            if (SHAPE_ARITHMETIC.contains(n.getOpType())) continue;
            out.add(new Step(out.size(), n.getName(), n.getOpType(), n.getOutput(0), List.copyOf(n.getInputList())));
        }
        return out;
    }

    /** Ops that compute constants and shapes, not activations: nothing to compare there. */
    private static final Set<String> SHAPE_ARITHMETIC = Set.of("Constant", "Shape", "Gather", "Unsqueeze");

    /**
     * For tensors that {@link #match} could not find by name (a model converted by a tool that renames them): the
     * k-th node of an op type in the source's topological order is paired with the k-th of that type in the
     * variant's, leaving out the nodes conversions insert (Q/DQ, Cast); an op type whose count differs between the
     * two graphs is left unmatched rather than guessed (a folded ReLU changes the count of ReLUs).
     *
     * @return the variant's tensor for each source tensor of {@code unmatched} it could pair
     */
    public static Map<String, String> matchByPosition(ModelProto variant, ModelProto source, Set<String> unmatched) {
        Map<String, List<String>> sourceByOp = byOp(source, null);
        Map<String, List<String>> variantByOp = byOp(variant, dequantizedOf(variant));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : sourceByOp.entrySet()) {
            List<String> v = variantByOp.get(e.getKey());
            if (v == null || v.size() != e.getValue().size()) continue;
            for (int k = 0; k < v.size(); k++) {
                String t = e.getValue().get(k);
                if (unmatched.contains(t)) out.put(t, v.get(k));
            }
        }
        return out;
    }

    private static final Set<String> INSERTED = Set.of("QuantizeLinear", "DequantizeLinear", "Cast");

    /**
     * The value each computing node hands on, by op type, in topological order: its output, or when a ReLU is its
     * only reader the ReLU's output, so that a Conv whose ReLU a quantizer folded is compared, on both sides, after
     * the ReLU (dequantized where the model quantizes it).
     */
    private static Map<String, List<String>> byOp(ModelProto m, Map<String, String> dequantized) {
        GraphProto g = m.getGraph();
        Map<String, List<NodeProto>> readers = Graphs.consumers(g.getNodeList());
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (NodeProto n : Graphs.topologicalSort(Graphs.named(g.getNodeList()), Graphs.sources(g))) {
            if (INSERTED.contains(n.getOpType()) || n.getOutputCount() == 0) continue;
            String o = n.getOutput(0);
            List<NodeProto> r = readers.getOrDefault(o, List.of());
            if (!n.getOpType().equals("Relu") && r.size() == 1 && r.get(0).getOpType().equals("Relu")) {
                o = r.get(0).getOutput(0);
            }
            if (dequantized != null && dequantized.containsKey(o)) o = dequantized.get(o);
            out.computeIfAbsent(n.getOpType(), k -> new ArrayList<>()).add(o);
        }
        return out;
    }

    /** For each tensor a QDQ model quantizes, the output of its DequantizeLinear(QuantizeLinear(t)). */
    private static Map<String, String> dequantizedOf(ModelProto variant) {
        Map<String, NodeProto> producer = new java.util.HashMap<>();
        for (NodeProto n : variant.getGraph().getNodeList()) for (String o : n.getOutputList()) producer.put(o, n);
        Map<String, String> dequantized = new java.util.HashMap<>();
        for (NodeProto n : variant.getGraph().getNodeList()) {
            if (!n.getOpType().equals("DequantizeLinear")) continue;
            NodeProto q = producer.get(n.getInput(0));
            if (q != null && q.getOpType().equals("QuantizeLinear")) dequantized.putIfAbsent(q.getInput(0), n.getOutput(0));
        }
        return dequantized;
    }

    /**
     * Where the variant holds the value its consumers see for a tensor of the source: in a QDQ model the output
     * of {@code DequantizeLinear(QuantizeLinear(t))} when there is one (the quantized activation), else the
     * tensor of the same name computed by the same op; null otherwise (e.g. a ReLU folded into its producer).
     */
    public static Map<String, String> match(ModelProto variant, ModelProto source, List<String> sourceTensors) {
        Map<String, String> sourceOp = new java.util.HashMap<>();
        for (NodeProto n : source.getGraph().getNodeList()) for (String o : n.getOutputList()) sourceOp.put(o, n.getOpType());
        Map<String, NodeProto> producer = new java.util.HashMap<>();
        for (NodeProto n : variant.getGraph().getNodeList()) for (String o : n.getOutputList()) producer.put(o, n);
        Map<String, String> dequantized = dequantizedOf(variant);
        Set<String> names = Graphs.allNames(variant.getGraph());
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : sourceTensors) {
            // the same name from another op is not the same value (a ReLU folded into its producer's quantization),
            // unless it is a Cast (an FP16 model's float32 outputs are casts of its float16 values)
            String op = producer.containsKey(t) ? producer.get(t).getOpType() : null;
            boolean same = op != null && names.contains(t)
                    && (op.equals("Cast") || op.equals(sourceOp.getOrDefault(t, op)));
            String m = dequantized.containsKey(t) ? dequantized.get(t) : same ? t : null;
            out.put(t, m);
        }
        return out;
    }
}
