package dev.parity.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Matching a variant's tensors to its source's: by name, and for a variant that renamed every tensor (as other tools
 * do) by graph position, which pairs the k-th node of each op type and refuses to guess where counts differ.
 */
class TensorTapsTest {
    static ModelProto demo() {
        return OnnxModels.read(TestGraphs.demo("model.onnx"));
    }

    /** The same graph with every intermediate tensor (not the graph's input, output or constants) renamed. */
    static ModelProto renamed(ModelProto m) {
        GraphProto g = m.getGraph();
        Set<String> keep = new HashSet<>(Graphs.sources(g));
        g.getOutputList().forEach(v -> keep.add(v.getName()));
        GraphProto.Builder b = g.toBuilder().clearNode();
        for (NodeProto n : g.getNodeList()) {
            NodeProto.Builder nb = n.toBuilder().clearInput().clearOutput();
            for (String i : n.getInputList()) nb.addInput(keep.contains(i) || i.isEmpty() ? i : "x_" + i);
            for (String o : n.getOutputList()) nb.addOutput(keep.contains(o) ? o : "x_" + o);
            b.addNode(nb);
        }
        return m.toBuilder().setGraph(b).build();
    }

    @Test
    void aRenamedVariantIsMatchedByPosition() {
        ModelProto source = demo();
        ModelProto variant = renamed(source);
        List<String> tensors = TensorTaps.steps(source).stream().map(TensorTaps.Step::tensor).toList();
        Map<String, String> byName = TensorTaps.match(variant, source, tensors);
        Set<String> unmatched = new HashSet<>();
        byName.forEach((k, v) -> {
            if (v == null) unmatched.add(k);
        });
        assertEquals(tensors.size() - 1, unmatched.size(), "only the graph's output keeps its name");
        Map<String, String> byPosition = TensorTaps.matchByPosition(variant, source, unmatched);
        byPosition.forEach((s, v) -> assertEquals("x_" + s, v, "paired with its own renamed tensor"));
        // a node whose only reader is a ReLU is compared after the ReLU (a quantizer may have folded it): its own
        // raw output is left to the ReLU's row, so every tensor but those is paired
        long feedingRelu = source.getGraph().getNodeList().stream().filter(n -> !n.getOpType().equals("Relu")
                && source.getGraph().getNodeList().stream().filter(r -> r.getInputList().contains(n.getOutput(0)))
                .map(NodeProto::getOpType).toList().equals(List.of("Relu"))).count();
        assertEquals(unmatched.size() - feedingRelu, byPosition.size());
    }

    @Test
    void opTypesWhoseCountsDifferAreNotGuessed() {
        ModelProto source = demo();
        // the variant lost its Flatten (a converter folded it into the Gemm): Flatten is not paired, the rest is
        GraphProto g = renamed(source).getGraph();
        NodeProto flatten = g.getNodeList().stream().filter(n -> n.getOpType().equals("Flatten")).findFirst()
                .orElseThrow();
        GraphProto.Builder b = g.toBuilder().clearNode();
        for (NodeProto n : g.getNodeList()) {
            if (n == flatten) continue;
            NodeProto.Builder nb = n.toBuilder();
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(flatten.getOutput(0))) nb.setInput(i, flatten.getInput(0));
            }
            b.addNode(nb);
        }
        ModelProto variant = source.toBuilder().setGraph(b).build();
        Set<String> all = new HashSet<>(TensorTaps.steps(source).stream().map(TensorTaps.Step::tensor).toList());
        Map<String, String> byPosition = TensorTaps.matchByPosition(variant, source, all);
        assertTrue(!byPosition.containsKey("/Flatten_output_0"), byPosition.keySet().toString());
        assertEquals("x_/GlobalAveragePool_output_0", byPosition.get("/GlobalAveragePool_output_0"));
        assertTrue(byPosition.keySet().stream().anyMatch(t -> t.contains("Conv")), byPosition.keySet().toString());
    }
}
