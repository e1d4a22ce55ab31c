package dev.parity.runners.kserve;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The model behind the loopback test servers: the demo's ONNX model ('image' -> 'logit') on ONNX Runtime. */
final class ServedOnnxModel implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    ServedOnnxModel(Path onnx) throws Exception {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            this.session = env.createSession(onnx.toString(), o);
        }
    }

    float[] infer(float[] x, long[] shape) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OrtSession.Result r = session.run(Map.of("image", t))) {
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
