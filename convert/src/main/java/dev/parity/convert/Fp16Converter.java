package dev.parity.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.parity.runners.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Converts an FP32 ONNX graph to FP16.
 *
 * <p>Every float tensor gets a home precision: float16 when an FP16 node produces it, float32 when a blocked
 * node or a kept-float32 graph input does. Every consumer wants float16 (FP16 nodes) or float32 (blocked
 * nodes, kept-float32 graph outputs). Where home and want differ, one Cast per tensor and precision is inserted
 * and shared by all consumers that need it, so no Cast chains pile up. Cast nodes inside the FP16 region that
 * cast to float32 are retargeted to float16 (a float32 island inside FP16 would only add casts). The result is
 * sorted topologically, because inserted Casts and renamed graph outputs otherwise break node order.
 */
public final class Fp16Converter {
    /** The largest finite float16. */
    public static final float FP16_MAX = 65504f;
    static final float FP16_MIN_SUBNORMAL = 0x1p-24f;

    private final Fp16Settings settings;
    private long clampedHigh;
    private long clampedLow;
    private int casts;

    private Fp16Converter(Fp16Settings settings) {
        this.settings = settings;
    }

    public record Result(ModelProto model, Fp16Report report) {
    }

    public static Result convert(ModelProto model, Fp16Settings settings, String source) {
        OnnxModels.requireOpset(model, "FP16", 7, 22, source);
        Graphs.requireNoSubgraphs(model.getGraph(), "FP16");
        return new Fp16Converter(settings).run(model, source);
    }

    private Result run(ModelProto model, String source) {
        GraphProto g = model.getGraph();
        List<NodeProto> nodes = Graphs.named(g.getNodeList());
        Set<String> names = new HashSet<>();
        nodes.forEach(n -> names.add(n.getName()));
        Set<String> unknown = new TreeSet<>(settings.blockNodes());
        unknown.removeAll(names);
        if (!unknown.isEmpty()) {
            throw new ConversionException(source + ": block list names node(s) " + unknown
                    + " that the graph does not have");
        }
        Map<String, Integer> types = ElementTypes.infer(g.toBuilder().clearNode().addAllNode(nodes).build());
        Set<String> taken = Graphs.allNames(g);
        taken.addAll(names);

        Set<String> graphInputs = new HashSet<>();
        g.getInputList().forEach(v -> graphInputs.add(v.getName()));
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));

        // Home precision of each float tensor: true = float16.
        Map<String, Boolean> home = new HashMap<>();
        for (String in : graphInputs) {
            if (isFloat(types, in) && !initializers.contains(in)) home.put(in, !settings.keepIoTypes());
        }
        for (String init : initializers) {
            if (isFloat(types, init)) home.put(init, true);
        }
        int blocked = 0;
        for (NodeProto n : nodes) {
            boolean fp16 = !isBlocked(n);
            if (!fp16) blocked++;
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && isFloat(types, out)) home.put(out, fp16);
            }
        }

        // Rewire consumers whose wanted precision differs from the tensor's home, sharing one Cast per need.
        Map<String, String> castOf16 = new HashMap<>();
        Map<String, String> castOf32 = new HashMap<>();
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto n : nodes) {
            boolean wants16 = !isBlocked(n);
            NodeProto.Builder b = n.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                String in = b.getInput(i);
                Boolean h = home.get(in);
                if (h == null || h == wants16) continue;
                Map<String, String> cache = wants16 ? castOf16 : castOf32;
                String casted = cache.get(in);
                if (casted == null) {
                    casted = Graphs.fresh(in + (wants16 ? "_fp16" : "_fp32"), taken);
                    cache.put(in, casted);
                    out.add(cast(in, casted, wants16 ? ElementTypes.FLOAT16 : ElementTypes.FLOAT, taken));
                }
                b.setInput(i, casted);
            }
            if (wants16) retargetFloatAttributes(b);
            out.add(b.build());
        }

        // Graph outputs: keep their names; if home differs from what the caller gets, rename and cast back.
        List<ValueInfoProto> outputs = new ArrayList<>();
        Map<String, String> renamed = new HashMap<>();
        for (ValueInfoProto v : g.getOutputList()) {
            Boolean h = home.get(v.getName());
            boolean wanted16 = !settings.keepIoTypes();
            if (h != null && h != wanted16) {
                String internal = Graphs.fresh(v.getName() + (h ? "_fp16" : "_fp32"), taken);
                renamed.put(v.getName(), internal);
                out.add(cast(internal, v.getName(), wanted16 ? ElementTypes.FLOAT16 : ElementTypes.FLOAT, taken));
            }
            outputs.add(h == null ? v : withElemType(v, wanted16 ? ElementTypes.FLOAT16 : ElementTypes.FLOAT));
        }
        List<NodeProto> rewired = new ArrayList<>();
        for (NodeProto n : out) rewired.add(rename(n, renamed));

        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            Boolean h = home.get(v.getName());
            inputs.add(h == null || initializers.contains(v.getName()) ? v
                    : withElemType(v, h ? ElementTypes.FLOAT16 : ElementTypes.FLOAT));
        }
        List<TensorProto> inits = new ArrayList<>();
        int converted = 0;
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() == ElementTypes.FLOAT) {
                inits.add(toFloat16(t));
                converted++;
            } else {
                inits.add(t);
            }
        }
        List<ValueInfoProto> valueInfo = new ArrayList<>();
        for (ValueInfoProto v : g.getValueInfoList()) {
            Boolean h = home.get(v.getName());
            if (renamed.containsKey(v.getName())) continue;
            valueInfo.add(h == null ? v : withElemType(v, h ? ElementTypes.FLOAT16 : ElementTypes.FLOAT));
        }

        GraphProto.Builder gb = g.toBuilder().clearNode().clearInput().clearOutput().clearInitializer()
                .clearValueInfo().addAllInput(inputs).addAllOutput(outputs).addAllInitializer(inits)
                .addAllValueInfo(valueInfo);
        gb.addAllNode(Graphs.topologicalSort(rewired, Graphs.sources(gb.build())));
        ModelProto result = model.toBuilder().setGraph(gb).build();
        return new Result(result, new Fp16Report(converted, clampedHigh, clampedLow, blocked, casts));
    }

    private boolean isBlocked(NodeProto n) {
        return settings.blockOps().contains(n.getOpType()) || settings.blockNodes().contains(n.getName());
    }

    private static boolean isFloat(Map<String, Integer> types, String name) {
        return types.getOrDefault(name, 0) == ElementTypes.FLOAT;
    }

    private NodeProto cast(String from, String to, int type, Set<String> taken) {
        casts++;
        return NodeProto.newBuilder().setOpType("Cast").setName(Graphs.fresh("Cast_" + to, taken))
                .addInput(from).addOutput(to)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(type))
                .build();
    }

    /** Inside the FP16 region: Cast-to-float32 becomes Cast-to-float16; float constants become float16. */
    private void retargetFloatAttributes(NodeProto.Builder b) {
        for (int i = 0; i < b.getAttributeCount(); i++) {
            AttributeProto a = b.getAttribute(i);
            if (b.getOpType().equals("Cast") && a.getName().equals("to") && a.getI() == ElementTypes.FLOAT) {
                b.setAttribute(i, a.toBuilder().setI(ElementTypes.FLOAT16));
            } else if ((a.getName().equals("dtype")) && a.getI() == ElementTypes.FLOAT) {
                b.setAttribute(i, a.toBuilder().setI(ElementTypes.FLOAT16));
            } else if (a.hasT() && a.getT().getDataType() == ElementTypes.FLOAT) {
                b.setAttribute(i, a.toBuilder().setT(toFloat16(a.getT())));
            } else if (b.getOpType().equals("Constant") && a.getName().equals("value_float")) {
                TensorProto t = TensorProto.newBuilder().setDataType(ElementTypes.FLOAT).addFloatData(a.getF()).build();
                b.setAttribute(i, AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(toFloat16(t)));
            } else if (b.getOpType().equals("Constant") && a.getName().equals("value_floats")) {
                TensorProto t = TensorProto.newBuilder().setDataType(ElementTypes.FLOAT).addDims(a.getFloatsCount())
                        .addAllFloatData(a.getFloatsList()).build();
                b.setAttribute(i, AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(toFloat16(t)));
            }
        }
    }

    TensorProto toFloat16(TensorProto t) {
        float[] values = TensorData.floats(t);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            float c = v;
            if (Float.isFinite(v) && Math.abs(v) > FP16_MAX) {
                c = Math.copySign(FP16_MAX, v);
                clampedHigh++;
            } else if (v != 0 && Math.abs(v) < FP16_MIN_SUBNORMAL) {
                c = Math.copySign(FP16_MIN_SUBNORMAL, v);
                clampedLow++;
            }
            buf.putShort(Float16.fromFloat(c));
        }
        return t.toBuilder().clearFloatData().clearRawData().setDataType(ElementTypes.FLOAT16)
                .setRawData(ByteString.copyFrom(buf.array())).build();
    }

    private static NodeProto rename(NodeProto n, Map<String, String> renamed) {
        if (renamed.isEmpty()) return n;
        NodeProto.Builder b = n.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            String r = renamed.get(b.getInput(i));
            if (r != null && !(n.getOpType().equals("Cast") && n.getOutput(0).equals(b.getInput(i)))) b.setInput(i, r);
        }
        for (int i = 0; i < b.getOutputCount(); i++) {
            String r = renamed.get(b.getOutput(i));
            // the Cast that restores the output's name keeps writing it
            if (r != null && !(n.getOpType().equals("Cast") && n.getInput(0).equals(r))) b.setOutput(i, r);
        }
        return b.build();
    }

    private static ValueInfoProto withElemType(ValueInfoProto v, int type) {
        if (!v.hasType() || !v.getType().hasTensorType()) return v;
        TypeProto.Tensor t = v.getType().getTensorType().toBuilder().setElemType(type).build();
        return v.toBuilder().setType(v.getType().toBuilder().setTensorType(t)).build();
    }
}
