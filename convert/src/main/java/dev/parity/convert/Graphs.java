package dev.parity.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small graph utilities shared by the converters. */
public final class Graphs {
    private Graphs() {
    }

    /**
     * Orders nodes so that every tensor is produced before it is consumed (Kahn's algorithm, keeping the original
     * order among nodes that are ready together, so an already sorted graph is left as it is).
     */
    public static List<NodeProto> topologicalSort(List<NodeProto> nodes, Set<String> available) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) producer.put(out, i);
        }
        int[] pending = new int[nodes.size()];
        Map<Integer, List<Integer>> dependents = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : nodes.get(i).getInputList()) {
                Integer p = producer.get(in);
                if (p != null && !in.isEmpty() && !available.contains(in) && p != i) deps.add(p);
            }
            pending[i] = deps.size();
            for (int d : deps) dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) if (pending[i] == 0) ready.add(i);
        List<NodeProto> out = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(nodes.get(i));
            for (int d : dependents.getOrDefault(i, List.of())) {
                if (--pending[d] == 0) ready.add(d);
            }
        }
        if (out.size() != nodes.size()) {
            throw new ConversionException("the graph has a cycle; " + (nodes.size() - out.size())
                    + " node(s) can never run");
        }
        return out;
    }

    /** Tensor names available before any node runs: graph inputs and initializers. */
    public static Set<String> sources(GraphProto g) {
        Set<String> s = new HashSet<>();
        g.getInputList().forEach(v -> s.add(v.getName()));
        g.getInitializerList().forEach(t -> s.add(t.getName()));
        return s;
    }

    /** Consumers of each tensor name, in node order. */
    public static Map<String, List<NodeProto>> consumers(List<NodeProto> nodes) {
        Map<String, List<NodeProto>> map = new LinkedHashMap<>();
        for (NodeProto n : nodes) {
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) map.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        return map;
    }

    /** Throws when a node holds a subgraph (If, Loop, Scan): the converters do not descend into them. */
    public static void requireNoSubgraphs(GraphProto g, String converter) {
        for (NodeProto n : g.getNodeList()) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw new ConversionException("node '" + n.getName() + "' (" + n.getOpType()
                            + ") holds a subgraph; the " + converter + " converter handles flat graphs only");
                }
            }
        }
    }

    /** Names every node that lacks one, so that exclusion lists and messages can refer to them. */
    public static List<NodeProto> named(List<NodeProto> nodes) {
        List<NodeProto> out = new ArrayList<>(nodes.size());
        Set<String> used = new HashSet<>();
        nodes.forEach(n -> used.add(n.getName()));
        int k = 0;
        for (NodeProto n : nodes) {
            if (n.getName().isEmpty()) {
                String name;
                do {
                    name = n.getOpType() + "_" + k++;
                } while (used.contains(name));
                used.add(name);
                out.add(n.toBuilder().setName(name).build());
            } else {
                out.add(n);
            }
        }
        return out;
    }

    /** A fresh tensor name based on {@code base} not used anywhere in {@code taken}; adds it to {@code taken}. */
    public static String fresh(String base, Set<String> taken) {
        String name = base;
        int k = 1;
        while (taken.contains(name)) name = base + "_" + k++;
        taken.add(name);
        return name;
    }

    /** Every tensor name in the graph. */
    public static Set<String> allNames(GraphProto g) {
        Set<String> s = sources(g);
        for (NodeProto n : g.getNodeList()) {
            s.addAll(n.getInputList());
            s.addAll(n.getOutputList());
        }
        g.getOutputList().forEach(v -> s.add(v.getName()));
        g.getValueInfoList().forEach(v -> s.add(v.getName()));
        return s;
    }

    /** Adds (or replaces) metadata entries on the model. */
    public static ModelProto withMetadata(ModelProto model, Map<String, String> entries) {
        ModelProto.Builder b = model.toBuilder();
        List<StringStringEntryProto> kept = new ArrayList<>();
        for (StringStringEntryProto e : b.getMetadataPropsList()) {
            if (!entries.containsKey(e.getKey())) kept.add(e);
        }
        b.clearMetadataProps().addAllMetadataProps(kept);
        entries.forEach((k, v) -> b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }
}
