package dev.parity.runners.kserve;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model behind the loopback test servers, on ONNX Runtime: any ONNX model of one float input and one float output
 * (the demo's 'image' -> 'logit', a classifier's 'x' -> 'logits' [batch, K]), its names and shapes read from it.
 */
final class ServedOnnxModel implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    final String input;
    final String output;
    /** The input's and the output's shapes, the batch dimension -1. */
    final long[] inputShape;
    final long[] outputShape;

    ServedOnnxModel(Path onnx) throws Exception {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            this.session = env.createSession(onnx.toString(), o);
        }
        input = session.getInputNames().iterator().next();
        output = session.getOutputNames().iterator().next();
        inputShape = ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
        outputShape = ((ai.onnxruntime.TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape();
        inputShape[0] = -1;
        outputShape[0] = -1;
    }

    /** The shapes as KServe's JSON metadata writes them, e.g. [-1,1,28,28]. */
    static String json(long[] shape) {
        return java.util.Arrays.toString(shape).replace(" ", "");
    }

    float[] infer(float[] x, long[] shape) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OrtSession.Result r = session.run(Map.of(input, t))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] y = new float[fb.remaining()];
            fb.get(y);
            return y;
        }
    }

    @Override
    public void close() throws ai.onnxruntime.OrtException {
        session.close();
    }
}
