package dev.parity.harness.localise;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.parity.convert.Graphs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Conv's block: the Add its output joins (directly or through one ReLU), as in a residual network, where a
 * quantizer treats the two together (an Add's quantized input is the Conv's quantized output).
 */
final class Blocks {
    private Blocks() {
    }

    /** @return for each Conv with such an Add, the Add's node name */
    static Map<String, String> of(ModelProto source) {
        List<NodeProto> nodes = Graphs.named(source.getGraph().getNodeList());
        Map<String, List<NodeProto>> readers = Graphs.consumers(nodes);
        Map<String, String> out = new HashMap<>();
        for (NodeProto n : nodes) {
            if (!n.getOpType().equals("Conv") || n.getOutputCount() == 0) continue;
            List<NodeProto> next = readers.getOrDefault(n.getOutput(0), List.of());
            if (next.size() == 1 && next.get(0).getOpType().equals("Relu")) {
                next = readers.getOrDefault(next.get(0).getOutput(0), List.of());
            }
            if (next.size() == 1 && next.get(0).getOpType().equals("Add")) out.put(n.getName(), next.get(0).getName());
        }
        return out;
    }
}
