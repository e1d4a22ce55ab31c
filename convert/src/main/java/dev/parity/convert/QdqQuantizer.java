package dev.parity.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes a static INT8 model in QDQ form from an FP32 ONNX model and a calibration set.
 *
 * <p>Weights of Conv and Gemm: int8, symmetric, per output channel, zero point 0, range [-127, 127].
 * Activations: per tensor, with ranges from the calibration set ({@link QuantSettings.Method}); their type and
 * where Q/DQ go depend on the {@link QuantSettings.Target}. Every consumer of a quantized tensor gets its own
 * DequantizeLinear, since ONNX Runtime groups a DQ with exactly one consumer when it fuses into int8 kernels.
 * Ops outside {@link #QUANTIZABLE} (and excluded nodes) stay float32 and read dequantized values.
 */
public final class QdqQuantizer {
    /** Op types whose inputs (and, for ONNX Runtime, outputs) are quantized. */
    public static final Set<String> QUANTIZABLE = Set.of("Conv", "Gemm", "Add", "GlobalAveragePool",
            "AveragePool", "MaxPool");
    private static final Set<String> RELU_FOLDABLE_PRODUCERS = Set.of("Conv", "Add");

    private final QuantSettings settings;
    private final String source;
    private final Set<String> taken;
    private final List<TensorProto> newInitializers = new ArrayList<>();

    private QdqQuantizer(QuantSettings settings, String source, Set<String> taken) {
        this.settings = settings;
        this.source = source;
        this.taken = taken;
    }

    public record Result(ModelProto model, QuantReport report) {
    }

    public static Result quantize(ModelProto model, QuantSettings settings, CalibrationData data, String source) {
        OnnxModels.requireOpset(model, "INT8 QDQ", 13, 21, source);
        Graphs.requireNoSubgraphs(model.getGraph(), "INT8 QDQ");
        if (data.samples() == 0) {
            throw new ConversionException(source + ": the calibration set is empty; INT8 ranges need samples");
        }
        return new QdqQuantizer(settings, source, Graphs.allNames(model.getGraph())).run(model, data);
    }

    private Result run(ModelProto model, CalibrationData data) {
        GraphProto g = model.getGraph();
        List<NodeProto> nodes = Graphs.named(g.getNodeList());
        nodes.forEach(n -> taken.add(n.getName()));
        Set<String> names = new HashSet<>();
        nodes.forEach(n -> names.add(n.getName()));
        Set<String> unknown = new TreeSet<>(settings.excludeNodes());
        unknown.removeAll(names);
        if (!unknown.isEmpty()) {
            throw new ConversionException(source + ": exclusion list names node(s) " + unknown
                    + " that the graph does not have");
        }
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        String input = singleInput(g, inits.keySet());
        Set<String> graphOutputs = new HashSet<>();
        g.getOutputList().forEach(v -> graphOutputs.add(v.getName()));

        // 1. Which nodes are quantized, and which are kept in float32 and why.
        Map<String, String> excluded = new TreeMap<>();
        Set<String> quantized = new HashSet<>();
        for (NodeProto n : nodes) {
            if (!QUANTIZABLE.contains(n.getOpType())) continue;
            String why = exclusionReason(n, inits, input);
            if (why != null) excluded.put(n.getName(), why); else quantized.add(n.getName());
        }

        // 2. ONNX Runtime target: fold ReLUs that directly follow a quantized Conv/Add into its output quantization.
        int folded = 0;
        if (settings.target() == QuantSettings.Target.ONNXRUNTIME_CPU) {
            Map<String, List<NodeProto>> consumers = Graphs.consumers(nodes);
            Map<String, NodeProto> producer = new HashMap<>();
            nodes.forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));
            Map<String, String> renameOutput = new HashMap<>();
            Set<String> dropped = new HashSet<>();
            for (NodeProto n : nodes) {
                if (!n.getOpType().equals("Relu")) continue;
                String t = n.getInput(0);
                NodeProto p = producer.get(t);
                if (p != null && quantized.contains(p.getName()) && RELU_FOLDABLE_PRODUCERS.contains(p.getOpType())
                        && consumers.get(t).size() == 1 && !graphOutputs.contains(t)) {
                    renameOutput.put(t, n.getOutput(0));
                    dropped.add(n.getName());
                }
            }
            List<NodeProto> kept = new ArrayList<>();
            for (NodeProto n : nodes) {
                if (dropped.contains(n.getName())) continue;
                String r = n.getOutputCount() > 0 ? renameOutput.get(n.getOutput(0)) : null;
                kept.add(r == null ? n : n.toBuilder().setOutput(0, r).build());
            }
            folded = dropped.size();
            nodes = kept;
        }

        // 3. The activation tensors that get Q/DQ.
        Set<String> acts = new LinkedHashSet<>();
        for (NodeProto n : nodes) {
            if (!quantized.contains(n.getName())) continue;
            int inputsToQuantize = n.getOpType().equals("Add") ? 2 : 1;
            for (int i = 0; i < inputsToQuantize; i++) acts.add(n.getInput(i));
            if (settings.target() == QuantSettings.Target.ONNXRUNTIME_CPU && !graphOutputs.contains(n.getOutput(0))) {
                acts.add(n.getOutput(0));
            }
        }

        // 4. Calibrate those tensors on the original FP32 model (names survive the ReLU folding).
        Map<String, TensorStats> stats = Calibrator.collect(model, input, new ArrayList<>(acts), data,
                settings.method() != QuantSettings.Method.MINMAX);
        Map<String, QuantParams> params = new HashMap<>();
        List<String> degenerate = new ArrayList<>();
        for (String t : acts) {
            TensorStats s = stats.get(t);
            if (s.degenerate()) degenerate.add(t);
            params.put(t, paramsFor(s));
        }

        // 5. Weights (and, for ONNX Runtime, biases) of quantized Conv/Gemm.
        List<NodeProto> rewritten = new ArrayList<>();
        Map<String, Integer> byOp = new TreeMap<>();
        for (NodeProto n : nodes) {
            if (!quantized.contains(n.getName())) {
                rewritten.add(n);
                continue;
            }
            byOp.merge(n.getOpType(), 1, Integer::sum);
            if (!n.getOpType().equals("Conv") && !n.getOpType().equals("Gemm")) {
                rewritten.add(n);
                continue;
            }
            NodeProto.Builder b = n.toBuilder();
            int axis = n.getOpType().equals("Gemm") && ElementTypes.intAttr(n, "transB", 0) == 0 ? 1 : 0;
            TensorProto w = inits.get(n.getInput(1));
            float[] weightScales = perChannelScales(w, axis);
            b.setInput(1, dequantizedWeight(w, weightScales, axis, n, rewritten));
            QuantParams inputParams = params.get(n.getInput(0));
            if (settings.target() == QuantSettings.Target.ONNXRUNTIME_CPU && n.getInputCount() > 2
                    && inits.containsKey(n.getInput(2)) && inputParams != null) {
                b.setInput(2, dequantizedBias(inits.get(n.getInput(2)), weightScales, inputParams.scale(), n,
                        rewritten));
            }
            rewritten.add(b.build());
        }

        // 6. Activations: one Q after the producer, one DQ per consumer.
        List<NodeProto> finalNodes = insertActivationQdq(rewritten, acts, params);

        Set<String> used = new HashSet<>();
        finalNodes.forEach(n -> used.addAll(n.getInputList()));
        List<TensorProto> allInits = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) if (used.contains(t.getName())) allInits.add(t);
        allInits.addAll(newInitializers);
        Set<String> initNames = new HashSet<>();
        allInits.forEach(t -> initNames.add(t.getName()));
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!inits.containsKey(v.getName()) || initNames.contains(v.getName())) inputs.add(v);
        }
        GraphProto.Builder gb = g.toBuilder().clearNode().clearInitializer().clearInput().clearValueInfo()
                .addAllInput(inputs).addAllInitializer(allInits);
        gb.addAllNode(Graphs.topologicalSort(finalNodes, Graphs.sources(gb.build())));
        ModelProto out = model.toBuilder().setGraph(gb).build();
        QuantReport report = new QuantReport(byOp, excluded, folded, acts.size(), degenerate, data.samples());
        return new Result(out, report);
    }

    private String exclusionReason(NodeProto n, Map<String, TensorProto> inits, String graphInput) {
        if (settings.excludeNodes().contains(n.getName())) return "excluded by name";
        if (settings.excludeOps().contains(n.getOpType())) return "excluded op type " + n.getOpType();
        String op = n.getOpType();
        if (op.equals("Conv") || op.equals("Gemm")) {
            TensorProto w = inits.get(n.getInput(1));
            if (w == null || w.getDataType() != ElementTypes.FLOAT) return "weights are not a float32 initializer";
            if (op.equals("Gemm") && (ElementTypes.intAttr(n, "transA", 0) != 0 || floatAttr(n, "alpha", 1f) != 1f
                    || floatAttr(n, "beta", 1f) != 1f)) {
                return "Gemm with transA, alpha or beta other than the defaults";
            }
            if (op.equals("Conv") && settings.target() == QuantSettings.Target.ONNXRUNTIME_CPU
                    && w.getDimsCount() > 1 && w.getDims(1) == 1 && n.getInput(0).equals(graphInput)
                    && ElementTypes.intAttr(n, "group", 1) == 1) {
                return "first convolution on a single-channel input: int8 gains nothing there and costs accuracy";
            }
        }
        if (op.equals("Add")) {
            for (String in : n.getInputList()) {
                if (inits.containsKey(in)) return "Add with a constant operand";
            }
        }
        return null;
    }

    private QuantParams paramsFor(TensorStats s) {
        if (s.degenerate()) {
            return settings.target() == QuantSettings.Target.TENSORRT ? QuantParams.symmetricInt8(0)
                    : QuantParams.asymmetricUint8(0, 0);
        }
        double lo = s.min, hi = s.max;
        if (settings.method() != QuantSettings.Method.MINMAX) {
            double t = settings.method() == QuantSettings.Method.PERCENTILE
                    ? RangeMethods.percentile(s.histogram, s.binWidth, settings.percentile())
                    : RangeMethods.entropy(s.histogram, s.binWidth);
            lo = Math.max(lo, -t);
            hi = Math.min(hi, t);
        }
        return settings.target() == QuantSettings.Target.TENSORRT
                ? QuantParams.symmetricInt8(Math.max(Math.abs(lo), Math.abs(hi)))
                : QuantParams.asymmetricUint8(lo, hi);
    }

    /** max|w| / 127 per slice along {@code axis} (0 or 1 of the weight's dims). */
    static float[] perChannelScales(TensorProto w, int axis) {
        float[] v = TensorData.floats(w);
        int channels = (int) w.getDims(axis);
        int inner = 1;
        for (int d = axis + 1; d < w.getDimsCount(); d++) inner *= (int) w.getDims(d);
        float[] amax = new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = (i / inner) % channels;
            amax[c] = Math.max(amax[c], Math.abs(v[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) scales[c] = amax[c] > 0 ? amax[c] / 127f : 1f;
        return scales;
    }

    private String dequantizedWeight(TensorProto w, float[] scales, int axis, NodeProto n, List<NodeProto> sink) {
        float[] v = TensorData.floats(w);
        int channels = scales.length;
        int inner = 1;
        for (int d = axis + 1; d < w.getDimsCount(); d++) inner *= (int) w.getDims(d);
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = (i / inner) % channels;
            q[i] = (byte) Math.max(-127, Math.min(127, Math.round(v[i] / scales[c])));
        }
        long[] dims = w.getDimsList().stream().mapToLong(Long::longValue).toArray();
        String base = n.getName() + "_" + (n.getOpType().equals("Conv") ? "weight" : "B");
        String qName = Graphs.fresh(base + "_quantized", taken);
        String sName = Graphs.fresh(base + "_scale", taken);
        String zName = Graphs.fresh(base + "_zero_point", taken);
        newInitializers.add(TensorData.int8Tensor(qName, dims, q));
        newInitializers.add(TensorData.floatTensor(sName, new long[] {channels}, scales));
        newInitializers.add(TensorData.int8Tensor(zName, new long[] {channels}, new byte[channels]));
        String out = Graphs.fresh(base + "_dequantized", taken);
        sink.add(dq(qName, sName, zName, out, axis));
        return out;
    }

    /** Bias as int32 with scale = input scale x weight scale per channel, as ONNX Runtime's QLinearConv expects. */
    private String dequantizedBias(TensorProto bias, float[] weightScales, float inputScale, NodeProto n,
                                   List<NodeProto> sink) {
        float[] v = TensorData.floats(bias);
        int[] q = new int[v.length];
        float[] scales = new float[v.length];
        for (int c = 0; c < v.length; c++) {
            scales[c] = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round((double) v[c] / scales[c])));
        }
        String base = n.getName() + "_bias";
        String qName = Graphs.fresh(base + "_quantized", taken);
        String sName = Graphs.fresh(base + "_scale", taken);
        String zName = Graphs.fresh(base + "_zero_point", taken);
        newInitializers.add(TensorData.int32Tensor(qName, new long[] {v.length}, q));
        newInitializers.add(TensorData.floatTensor(sName, new long[] {v.length}, scales));
        newInitializers.add(TensorData.int32Tensor(zName, new long[] {v.length}, new int[v.length]));
        String out = Graphs.fresh(base + "_dequantized", taken);
        sink.add(dq(qName, sName, zName, out, 0));
        return out;
    }

    private List<NodeProto> insertActivationQdq(List<NodeProto> nodes, Set<String> acts, Map<String, QuantParams> params) {
        Map<String, String> quantizedName = new HashMap<>();
        Map<String, String[]> scaleAndZero = new HashMap<>();
        List<NodeProto> out = new ArrayList<>();
        for (String t : acts) {
            QuantParams p = params.get(t);
            String sName = Graphs.fresh(t + "_scale", taken);
            String zName = Graphs.fresh(t + "_zero_point", taken);
            newInitializers.add(TensorData.floatTensor(sName, new long[] {}, new float[] {p.scale()}));
            newInitializers.add(p.unsigned()
                    ? TensorData.uint8Tensor(zName, new long[] {}, new byte[] {(byte) p.zeroPoint()})
                    : TensorData.int8Tensor(zName, new long[] {}, new byte[] {(byte) p.zeroPoint()}));
            String qName = Graphs.fresh(t + "_quantized", taken);
            out.add(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(Graphs.fresh(t + "_QuantizeLinear", taken))
                    .addInput(t).addInput(sName).addInput(zName).addOutput(qName).build());
            quantizedName.put(t, qName);
            scaleAndZero.put(t, new String[] {sName, zName});
        }
        for (NodeProto n : nodes) {
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                String t = b.getInput(i);
                String q = quantizedName.get(t);
                if (q == null) continue;
                String[] sz = scaleAndZero.get(t);
                String dqOut = Graphs.fresh(t + "_dequantized", taken);
                out.add(dq(q, sz[0], sz[1], dqOut, -1));
                b.setInput(i, dqOut);
            }
            out.add(b.build());
        }
        return out;
    }

    /** DequantizeLinear; {@code axis} < 0 means per tensor (no axis attribute). */
    private NodeProto dq(String q, String scale, String zero, String out, int axis) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType("DequantizeLinear")
                .setName(Graphs.fresh(out + "_DequantizeLinear", taken))
                .addInput(q).addInput(scale).addInput(zero).addOutput(out);
        if (axis >= 0) {
            b.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis));
        }
        return b.build();
    }

    private String singleInput(GraphProto g, Set<String> initializers) {
        List<String> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) if (!initializers.contains(v.getName())) inputs.add(v.getName());
        if (inputs.size() != 1) {
            throw new ConversionException(source + ": INT8 calibration feeds one input; the model has " + inputs);
        }
        return inputs.get(0);
    }

    private static float floatAttr(NodeProto n, String name, float dflt) {
        for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getF();
        return dflt;
    }
}
