package dev.parity.runners;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a TorchScript file with libtorch through DJL's PyTorch engine, offline (natives from the Maven jars).
 *
 * <p>TorchScript files carry no input/output names or shapes, so the signature is the contract itself
 * ({@code declared = false}) and the real check happens on the first batch: the output must have the batch
 * first and be float32. Inference goes through the model block directly rather than a Predictor, so output
 * arrays are read before the per-batch memory scope closes.
 */
public final class TorchScriptRunner extends Runner {
    static final String ENGINE = "PyTorch";

    private final Path file;
    private final Model model;
    private final String version;
    /** libtorch intra-op threads this runner uses (0: libtorch's default), and the thread it last set them on. */
    private final int threads;
    private Thread threadsSetOn;

    private TorchScriptRunner(String name, Path file, Model model, ModelContract contract, String version,
                              int threads) {
        // TorchScript declares no signature: the contract stands in for it, undeclared, and the first batch checks it
        super(name, contract, new ModelSignature(List.of(contract.batchedInput()),
                List.of(new TensorSpec(contract.outputName(), contract.outputType(), new long[] {-1, -1})), false),
                file.toString());
        this.file = file;
        this.model = model;
        this.version = version;
        this.threads = threads;
    }

    /**
     * @param threads libtorch intra-op threads; 0 keeps libtorch's default. Takes effect only if the engine
     *                has not been started yet in this JVM (libtorch reads it once).
     */
    public static TorchScriptRunner open(String name, Path file, Device device, int threads, ModelContract contract)
            throws RunnerUnavailableException {
        RunnerFiles.requireReadable(file);
        TorchScriptFiles.requireTorchScript(file);
        if (contract.inputType() != DType.FLOAT32) {
            throw new InvalidModelException(file + ": the TorchScript runner feeds float32 input; the spec declares "
                    + contract.inputType().label());
        }
        System.setProperty("ai.djl.offline", "true");
        // libtorch sizes its intra-op and inter-op pools once per process, when the engine starts
        if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (threads > 0 && System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
        }
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new RunnerUnavailableException("DJL's PyTorch engine cannot load here: "
                    + OnnxRuntimeRunner.firstLine(e), e);
        }
        ai.djl.Device djlDevice;
        if (device.kind() == Device.Kind.CUDA) {
            if (engine.getGpuCount() <= device.index()) {
                throw new RunnerUnavailableException("libtorch sees " + engine.getGpuCount()
                        + " CUDA device(s) here, so " + device + " is not available (this build ships CPU natives)",
                        null);
            }
            djlDevice = ai.djl.Device.gpu(device.index());
        } else {
            djlDevice = ai.djl.Device.cpu();
        }
        Model model = Model.newInstance(name, djlDevice, ENGINE);
        try {
            model.load(file);
        } catch (Exception e) {
            model.close();
            throw new InvalidModelException(file + ": libtorch cannot load this TorchScript file: "
                    + OnnxRuntimeRunner.firstLine(e));
        }
        String version = "pytorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
        return new TorchScriptRunner(name, file, model, contract, version, threads);
    }

    @Override
    public String runtimeVersion() {
        return version;
    }

    @Override
    public String executionProvider() {
        return "libtorch " + model.getNDManager().getDevice();
    }

    @Override
    protected Outputs runImpl(Batch batch) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(FloatBuffer.wrap(batch.data()), new Shape(batch.shape()), DataType.FLOAT32);
            NDList out;
            try {
                // grad mode is libtorch's per-thread state and on by default, so a forward on a new worker thread
                // records autograd history for the module's parameters; inference needs none (torch.no_grad)
                JniUtils.setGradMode(false);
                useOwnThreadCount();
                out = timed(() -> model.getBlock().forward(new ParameterStore(scope, false), new NDList(input), false));
            } catch (RuntimeException e) {
                throw new InvalidModelException(file + ": TorchScript forward failed on input of shape "
                        + TensorSpec.shapeText(batch.shape()) + " (batch starting at sample index "
                        + batch.firstIndex() + "): " + OnnxRuntimeRunner.firstLine(e));
            }
            if (out.isEmpty()) {
                throw new InvalidModelException(file + ": TorchScript model returned no outputs");
            }
            NDArray result = out.get(0);
            long[] shape = result.getShape().getShape();
            if (result.getDataType() != DataType.FLOAT32) {
                result = result.toType(DataType.FLOAT32, false);
            }
            return new Outputs(contract().outputName(), shape, result.toFloatArray());
        }
    }

    /**
     * libtorch's intra-op thread count is OpenMP's, which is per calling thread: a thread that never set it uses
     * every core, so a runner called from a worker thread oversubscribes the machine (measured: the breast-cancer
     * MLP's forward took 2 to 4 times as long on a fresh thread as on the one the engine started on). Setting it
     * once per thread is enough; libtorch may rebuild its thread pool when it is set, so not on every call.
     */
    private void useOwnThreadCount() {
        Thread current = Thread.currentThread();
        if (threads > 0 && current != threadsSetOn) {
            JniUtils.setNumThreads(threads);
            threadsSetOn = current;
        }
    }

    @Override
    protected void closeImpl() {
        model.close();
    }
}
