package dev.parity.runners;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs an ONNX model with ONNX Runtime, on the CPU or through the CUDA execution provider. */
public final class OnnxRuntimeRunner extends Runner {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    /** Reused input memory: a direct buffer is handed to ONNX Runtime without the copy a heap array costs. */
    private java.nio.ByteBuffer inputMemory;
    private final Map<String, OnnxTensor> inputs = new java.util.HashMap<>(2);
    private final java.util.Set<String> wanted;

    private OnnxRuntimeRunner(String name, Path model, OrtEnvironment env, OrtSession session,
                              ModelContract contract, String provider, ModelSignature signature) {
        super(name, contract, signature, model.toString());
        this.env = env;
        this.session = session;
        this.provider = provider;
        this.wanted = java.util.Set.of(contract.outputName());
    }

    /**
     * Opens a session and checks the model against the contract.
     *
     * @param threads intra-op threads; 0 lets ONNX Runtime choose (one per core). Pool threads never spin.
     * @throws RunnerUnavailableException when the requested device's provider cannot load here
     * @throws InvalidModelException when the model does not match the contract
     */
    public static OnnxRuntimeRunner open(String name, Path model, Device device, int threads, ModelContract contract)
            throws RunnerUnavailableException {
        RunnerFiles.requireReadable(model);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String provider = "CPUExecutionProvider";
        OrtSession session;
        try (OrtSession.SessionOptions options = cpuOptions(threads)) {
            if (device.kind() == Device.Kind.CUDA) {
                try {
                    options.addCUDA(device.index());
                } catch (OrtException | UnsatisfiedLinkError e) {
                    throw new RunnerUnavailableException("CUDA execution provider cannot load on this machine ("
                            + firstLine(e) + "); build with -Pgpu on a machine with CUDA 12 and an NVIDIA driver", e);
                }
                provider = "CUDAExecutionProvider (device " + device.index() + ")";
            }
            session = env.createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new InvalidModelException(model + ": ONNX Runtime cannot load this model: " + firstLine(e));
        }
        try {
            ModelSignature signature = new ModelSignature(specs(session.getInputInfo()), specs(session.getOutputInfo()),
                    true);
            return new OnnxRuntimeRunner(name, model, env, session, contract, provider, signature);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof RuntimeException re) throw re;
            throw new InvalidModelException(model + ": cannot read the model's inputs and outputs: " + firstLine(e));
        }
    }

    /**
     * The session options every CPU session of Parity's uses, the self-check's too (so it checks the kernels the
     * variants run): all graph optimizations, {@code threads} intra-op threads (0: one per core), one inter-op
     * thread. ONNX Runtime's pool threads spin after every run by default; next to other sessions and libtorch in
     * one process they then take turns burning the cores the others need (measured on the demo: libtorch at 835
     * samples/s with spinning, 3,081 without; the whole run 35 s against 12 s), so they never spin.
     */
    public static OrtSession.SessionOptions cpuOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (threads > 0) {
            options.setIntraOpNumThreads(threads);
        }
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    @Override
    public String runtimeVersion() {
        return "onnxruntime " + env.getVersion();
    }

    @Override
    public String executionProvider() {
        return provider;
    }

    @Override
    protected Outputs runImpl(Batch batch) {
        try (OnnxTensor input = inputTensor(batch)) {
            inputs.put(contract().inputName(), input);
            try (OrtSession.Result result = timed(() -> session.run(inputs, wanted))) {
                Optional<OnnxValue> value = result.get(contract().outputName());
                OnnxTensor out = (OnnxTensor) value.orElseThrow();
                return new Outputs(contract().outputName(), out.getInfo().getShape(), toFloats(out));
            }
        } catch (OrtException e) {
            throw new RunnerFailureException(name() + ": ONNX Runtime failed on the batch starting at sample index "
                    + batch.firstIndex() + ": " + firstLine(e), e);
        } finally {
            inputs.clear();
        }
    }

    private OnnxTensor inputTensor(Batch batch) throws OrtException {
        float[] data = batch.data();
        if (contract().inputType() == DType.FLOAT16) {
            java.nio.ShortBuffer halves = memory(data.length * 2).asShortBuffer();
            for (float f : data) halves.put(Float16.fromFloat(f));
            halves.flip();
            return OnnxTensor.createTensor(env, halves, batch.shape(), OnnxJavaType.FLOAT16);
        }
        FloatBuffer floats = memory(data.length * 4).asFloatBuffer();
        floats.put(data).flip();
        return OnnxTensor.createTensor(env, floats, batch.shape());
    }

    /** The reusable direct input buffer, grown when a batch needs more; safe because each tensor is closed after its run. */
    private java.nio.ByteBuffer memory(int bytes) {
        if (inputMemory == null || inputMemory.capacity() < bytes) {
            inputMemory = java.nio.ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.nativeOrder());
        }
        inputMemory.clear().limit(bytes);
        return inputMemory;
    }

    /** Output buffers from ONNX Runtime are direct (no backing array), so they are copied out. */
    private static float[] toFloats(OnnxTensor out) {
        OnnxJavaType type = out.getInfo().type;
        ByteBuffer bytes = out.getByteBuffer();
        if (type == OnnxJavaType.FLOAT) {
            FloatBuffer fb = bytes.asFloatBuffer();
            float[] data = new float[fb.remaining()];
            fb.get(data);
            return data;
        }
        if (type == OnnxJavaType.FLOAT16) {
            ShortBuffer sb = bytes.asShortBuffer();
            float[] data = new float[sb.remaining()];
            for (int i = 0; i < data.length; i++) data[i] = Float16.toFloat(sb.get(i));
            return data;
        }
        if (type == OnnxJavaType.DOUBLE) {
            java.nio.DoubleBuffer db = bytes.asDoubleBuffer();
            float[] data = new float[db.remaining()];
            for (int i = 0; i < data.length; i++) data[i] = (float) db.get(i);
            return data;
        }
        throw new IllegalStateException("output of type " + type + " cannot be read as scores");
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> out = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t) {
                out.add(new TensorSpec(e.getKey(), DType.fromOrt(t.type), t.getShape()));
            } else {
                out.add(new TensorSpec(e.getKey(), DType.OTHER, new long[0]));
            }
        }
        return out;
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // already failing; the original error is the one worth reporting
        }
    }

    @Override
    protected void closeImpl() {
        closeQuietly(session);
    }
}
