package dev.parity.convert;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parity.runners.Batch;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects activation statistics by running the FP32 model with the wanted intermediate tensors exposed as
 * extra graph outputs, over the calibration set in batches (streamed, never held whole). Graph optimisations
 * are off so that every exposed tensor is exactly the FP32 graph's.
 */
final class Calibrator {
    private Calibrator() {
    }

    /**
     * @param histograms whether to make the second pass that builds |x| histograms (percentile and entropy)
     */
    static Map<String, TensorStats> collect(ModelProto model, String inputName, List<String> tensors,
                                            CalibrationData data, boolean histograms) {
        // every quantizable node kept in float (a repair trial may keep them all): nothing to measure, and ONNX
        // Runtime refuses a run that asks for no output
        if (tensors.isEmpty()) return new LinkedHashMap<>();
        ModelProto exposed = expose(model, tensors);
        Map<String, TensorStats> stats = new LinkedHashMap<>();
        tensors.forEach(t -> stats.put(t, new TensorStats()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(exposed.toByteArray(), options)) {
                Set<String> wanted = new HashSet<>(tensors);
                pass(env, session, inputName, wanted, data, (name, values, n) -> stats.get(name).addRange(values, n));
                if (histograms) {
                    stats.values().forEach(TensorStats::startHistogram);
                    pass(env, session, inputName, wanted, data,
                            (name, values, n) -> stats.get(name).addHistogram(values, n));
                }
            }
        } catch (OrtException e) {
            throw new ConversionException("calibration run failed: " + e.getMessage(), e);
        }
        return stats;
    }

    private interface Sink {
        void accept(String tensor, float[] values, int n);
    }

    private static void pass(OrtEnvironment env, OrtSession session, String inputName, Set<String> wanted,
                             CalibrationData data, Sink sink) throws OrtException {
        Iterator<Batch> it = data.batches();
        float[] scratch = new float[0];
        while (it.hasNext()) {
            Batch b = it.next();
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(b.data()), b.shape());
                 OrtSession.Result r = session.run(Map.of(inputName, in), wanted)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    int n = fb.remaining();
                    if (scratch.length < n) scratch = new float[n];
                    fb.get(scratch, 0, n);
                    sink.accept(e.getKey(), scratch, n);
                }
            }
        }
    }

    /** The model with the given tensors added as float outputs (no shape: ONNX Runtime works it out). */
    static ModelProto expose(ModelProto model, List<String> tensors) {
        GraphProto g = model.getGraph();
        Set<String> already = new HashSet<>();
        g.getOutputList().forEach(v -> already.add(v.getName()));
        List<ValueInfoProto> extra = new ArrayList<>();
        for (String t : tensors) {
            if (already.contains(t)) continue;
            extra.add(ValueInfoProto.newBuilder().setName(t).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementTypes.FLOAT))).build());
        }
        return model.toBuilder().setGraph(g.toBuilder().addAllOutput(extra)).build();
    }
}
