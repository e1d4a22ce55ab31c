package dev.parity.convert;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps chosen nodes of a QDQ (INT8) model in float32 by graph surgery, for models quantized elsewhere: the node
 * reads its activations before quantization ({@code DQ(Q(t))} becomes {@code t}) and its weights and bias as the
 * FP32 source has them (the source's node of the same name), and its output is no longer quantized for its
 * consumers. Every other node, and every scale, stays as the model has it.
 */
public final class QdqBypass {
    private QdqBypass() {
    }

    /**
     * @param source the FP32 model the variant was made from, where float weights are found by node name
     * @throws ConversionException naming a node the variant does not have, or one the source lacks
     */
    public static ModelProto keepFloat(ModelProto variant, ModelProto source, Set<String> keep) {
        GraphProto g = variant.getGraph();
        List<NodeProto> nodes = Graphs.named(g.getNodeList());
        Map<String, NodeProto> producer = new HashMap<>();
        for (NodeProto n : nodes) for (String o : n.getOutputList()) producer.put(o, n);
        Map<String, NodeProto> sourceNodes = new HashMap<>();
        for (NodeProto n : Graphs.named(source.getGraph().getNodeList())) sourceNodes.put(n.getName(), n);
        Map<String, TensorProto> sourceInits = new HashMap<>();
        source.getGraph().getInitializerList().forEach(t -> sourceInits.put(t.getName(), t));
        Set<String> inits = new HashSet<>();
        g.getInitializerList().forEach(t -> inits.add(t.getName()));
        Set<String> names = new HashSet<>();
        nodes.forEach(n -> names.add(n.getName()));
        for (String k : keep) {
            if (!names.contains(k)) throw new ConversionException("the variant has no node '" + k + "'");
        }

        Map<String, NodeProto> sourceProducer = new HashMap<>();
        for (NodeProto n : source.getGraph().getNodeList()) for (String o : n.getOutputList()) sourceProducer.put(o, n);
        Map<String, String> relus = new HashMap<>();
        List<TensorProto> added = new ArrayList<>();
        Map<String, String> floatOutput = new HashMap<>(); // DQ output of a kept node's output -> the float tensor
        List<NodeProto> rewritten = new ArrayList<>();
        for (NodeProto n : nodes) {
            if (!keep.contains(n.getName())) {
                rewritten.add(n);
                continue;
            }
            NodeProto.Builder b = n.toBuilder();
            NodeProto src = sourceNodes.get(n.getName());
            for (int i = 0; i < n.getInputCount(); i++) {
                NodeProto dq = producer.get(n.getInput(i));
                if (dq == null || !dq.getOpType().equals("DequantizeLinear")) continue;
                if (inits.contains(dq.getInput(0))) {
                    // a weight or bias: the source's float tensor at the same input of the same node
                    if (src == null || src.getInputCount() <= i || !sourceInits.containsKey(src.getInput(i))) {
                        throw new ConversionException("node '" + n.getName() + "': input " + i + " is a quantized "
                                + "constant, and the FP32 source has no float constant at that input of a node of "
                                + "that name; it cannot be kept in FP32");
                    }
                    TensorProto w = sourceInits.get(src.getInput(i));
                    String name = Graphs.fresh(w.getName() + "_fp32", names);
                    added.add(w.toBuilder().setName(name).build());
                    b.setInput(i, name);
                } else {
                    NodeProto q = producer.get(dq.getInput(0));
                    if (q != null && q.getOpType().equals("QuantizeLinear")) {
                        b.setInput(i, floatInput(q.getInput(0), producer, sourceProducer, names, relus, rewritten));
                    }
                }
            }
            NodeProto relu = foldedRelu(n, src, source.getGraph().getNodeList());
            if (relu != null) {
                // the quantization clamped at zero for a ReLU folded into it; without it the ReLU comes back
                String pre = Graphs.fresh(n.getOutput(0) + "_before_relu", names);
                b.setOutput(0, pre);
                rewritten.add(b.build());
                b = NodeProto.newBuilder().setOpType("Relu").setName(Graphs.fresh(relu.getName(), names))
                        .addInput(pre).addOutput(n.getOutput(0));
            }
            for (String o : n.getOutputList()) {
                for (NodeProto q : nodes) {
                    if (!q.getOpType().equals("QuantizeLinear") || !q.getInput(0).equals(o)) continue;
                    for (NodeProto dq : nodes) {
                        if (dq.getOpType().equals("DequantizeLinear") && dq.getInput(0).equals(q.getOutput(0))) {
                            floatOutput.put(dq.getOutput(0), o);
                        }
                    }
                }
            }
            rewritten.add(b.build());
        }
        // consumers of a kept node's quantized output read the float output instead
        List<NodeProto> rewired = new ArrayList<>();
        for (NodeProto n : rewritten) {
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < n.getInputCount(); i++) {
                String f = floatOutput.get(n.getInput(i));
                if (f != null) b.setInput(i, f);
            }
            rewired.add(b.build());
        }
        GraphProto.Builder out = g.toBuilder().clearNode().addAllNode(pruned(rewired, g)).addAllInitializer(added);
        return dropUnusedInitializers(variant.toBuilder().setGraph(out).build());
    }

    /**
     * The float value of an activation before its quantization. Where the quantizer folded the source's ReLU into
     * that quantization (the tensor has the ReLU's name but a Conv or Add computes it), the clamp lived in the
     * Q/DQ pair, so bypassing the pair needs the ReLU back: one is added (once per tensor) before the reader.
     */
    private static String floatInput(String t, Map<String, NodeProto> producer, Map<String, NodeProto> sourceProducer,
                                     Set<String> names, Map<String, String> relus, List<NodeProto> sink) {
        NodeProto here = producer.get(t), there = sourceProducer.get(t);
        if (here == null || there == null || !there.getOpType().equals("Relu") || here.getOpType().equals("Relu")) {
            return t;
        }
        return relus.computeIfAbsent(t, k -> {
            String out = Graphs.fresh(t + "_relu", names);
            sink.add(NodeProto.newBuilder().setOpType("Relu").setName(Graphs.fresh(there.getName() + "_restored", names))
                    .addInput(t).addOutput(out).build());
            return out;
        });
    }

    /**
     * The source's ReLU that the quantizer folded into this node's output quantization: the variant's node writes
     * the ReLU's output name where the source's node of the same name fed a ReLU. Null when there is none.
     */
    private static NodeProto foldedRelu(NodeProto n, NodeProto src, List<NodeProto> sourceNodes) {
        if (src == null || n.getOutputCount() == 0 || src.getOutput(0).equals(n.getOutput(0))) return null;
        for (NodeProto r : sourceNodes) {
            if (r.getOpType().equals("Relu") && r.getInput(0).equals(src.getOutput(0))
                    && r.getOutput(0).equals(n.getOutput(0))) {
                return r;
            }
        }
        return null;
    }

    /** Nodes whose outputs nothing reads any more (the bypassed Q/DQ), removed until none is left. */
    private static List<NodeProto> pruned(List<NodeProto> nodes, GraphProto g) {
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        List<NodeProto> live = new ArrayList<>(nodes);
        boolean changed = true;
        while (changed) {
            Set<String> read = new HashSet<>(outputs);
            live.forEach(n -> read.addAll(n.getInputList()));
            int before = live.size();
            live.removeIf(n -> n.getOutputList().stream().noneMatch(read::contains));
            changed = live.size() != before;
        }
        return live;
    }

    private static ModelProto dropUnusedInitializers(ModelProto m) {
        Set<String> read = new HashSet<>();
        m.getGraph().getNodeList().forEach(n -> read.addAll(n.getInputList()));
        List<TensorProto> kept = m.getGraph().getInitializerList().stream().filter(t -> read.contains(t.getName()))
                .toList();
        return m.toBuilder().setGraph(m.getGraph().toBuilder().clearInitializer().addAllInitializer(kept)).build();
    }
}
