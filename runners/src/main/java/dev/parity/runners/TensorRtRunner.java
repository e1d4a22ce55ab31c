package dev.parity.runners;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

/**
 * Runs a serialized TensorRT engine (.plan) on a CUDA device: one execution context, one stream, device
 * buffers grown as batches need them. Where no GPU is, {@link #open} reports the variant unavailable.
 */
public final class TensorRtRunner implements Runner {
    private final String name;
    private final Path plan;
    private final ModelContract contract;
    private final TensorRtLogger logger;
    private final IRuntime runtime;
    private final ICudaEngine engine;
    private final IExecutionContext context;
    private final CUstream_st stream;
    private final int device;
    private Pointer input = new Pointer();
    private Pointer output = new Pointer();
    private long inputBytes;
    private long outputBytes;
    private boolean closed;

    private TensorRtRunner(String name, Path plan, ModelContract contract, TensorRtLogger logger, IRuntime runtime,
                           ICudaEngine engine, IExecutionContext context, CUstream_st stream, int device) {
        this.name = name;
        this.plan = plan;
        this.contract = contract;
        this.logger = logger;
        this.runtime = runtime;
        this.engine = engine;
        this.context = context;
        this.stream = stream;
        this.device = device;
    }

    public static TensorRtRunner open(String name, Path plan, Device device, ModelContract contract)
            throws RunnerUnavailableException {
        RunnerFiles.requireReadable(plan);
        if (device.kind() != Device.Kind.CUDA) {
            throw new InvalidModelException(plan + ": TensorRT engines run on a CUDA device; set device: cuda");
        }
        TensorRtAvailability.require();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(plan);
        } catch (IOException e) {
            throw new InvalidModelException(plan + ": cannot read the engine: " + e.getMessage());
        }
        cudaSetDevice(device.index());
        TensorRtLogger logger = new TensorRtLogger();
        IRuntime runtime = nvinfer.createInferRuntime(logger);
        ICudaEngine engine = runtime.deserializeCudaEngine(new BytePointer(bytes), bytes.length);
        if (engine == null || engine.isNull()) {
            runtime.close();
            throw new InvalidModelException(plan + ": TensorRT cannot deserialize this engine (" + logger.lastError()
                    + "); engines only load on the TensorRT version and GPU they were built for");
        }
        requireTensor(plan, engine, contract.inputName(), "input");
        requireTensor(plan, engine, contract.outputName(), "output");
        IExecutionContext context = engine.createExecutionContext();
        CUstream_st stream = new CUstream_st();
        cudaStreamCreate(stream);
        return new TensorRtRunner(name, plan, contract, logger, runtime, engine, context, stream, device.index());
    }

    private static void requireTensor(Path plan, ICudaEngine engine, String tensor, String role) {
        Dims64 dims = engine.getTensorShape(tensor);
        if (dims == null || dims.nbDims() < 0) {
            throw new InvalidModelException(plan + ": the engine has no " + role + " tensor '" + tensor + "'");
        }
        if (engine.getTensorDataType(tensor) != nvinfer.DataType.kFLOAT) {
            throw new InvalidModelException(plan + ": " + role + " '" + tensor + "' is "
                    + engine.getTensorDataType(tensor) + "; Parity feeds and reads float32");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelSignature signature() {
        return new ModelSignature(List.of(contract.batchedInput()),
                List.of(new TensorSpec(contract.outputName(), DType.FLOAT32, new long[] {-1, -1})), true);
    }

    @Override
    public String runtimeVersion() {
        return "tensorrt " + nvinfer.getInferLibVersion();
    }

    @Override
    public String executionProvider() {
        return "TensorRT (cuda:" + device + ")";
    }

    @Override
    public Outputs run(Batch batch) {
        long[] shape = batch.shape();
        Dims64 dims = new Dims64();
        dims.nbDims(shape.length);
        for (int i = 0; i < shape.length; i++) dims.d(i, shape[i]);
        if (!context.setInputShape(contract.inputName(), dims)) {
            throw new InvalidModelException(plan + ": the engine refuses input shape " + TensorSpec.shapeText(shape)
                    + " (outside its optimization profile?): " + logger.lastError());
        }
        Dims64 outDims = context.getTensorShape(contract.outputName());
        long[] outShape = new long[outDims.nbDims()];
        long outElements = 1;
        for (int i = 0; i < outShape.length; i++) {
            outShape[i] = outDims.d(i);
            outElements *= outShape[i];
        }
        long inBytes = 4L * batch.data().length;
        long outBytes = 4L * outElements;
        ensureCapacity(inBytes, outBytes);
        try (FloatPointer host = new FloatPointer(batch.data()); FloatPointer result = new FloatPointer(outElements)) {
            check(cudaMemcpy(input, host, inBytes, cudaMemcpyHostToDevice), "copy to device");
            context.setTensorAddress(contract.inputName(), input);
            context.setTensorAddress(contract.outputName(), output);
            if (!context.enqueueV3(stream)) {
                throw new RunnerFailureException(name + ": TensorRT enqueue failed: " + logger.lastError(), null);
            }
            check(cudaStreamSynchronize(stream), "synchronize");
            check(cudaMemcpy(result, output, outBytes, cudaMemcpyDeviceToHost), "copy to host");
            float[] data = new float[(int) outElements];
            result.get(data);
            SignatureCheck.requireOutputShape(plan.toString(), contract.outputName(), outShape, batch.size());
            return new Outputs(contract.outputName(), outShape, data);
        }
    }

    private void ensureCapacity(long inBytes, long outBytes) {
        if (inBytes > inputBytes) {
            if (inputBytes > 0) cudaFree(input);
            input = new Pointer();
            check(cudaMalloc(input, inBytes), "allocate input");
            inputBytes = inBytes;
        }
        if (outBytes > outputBytes) {
            if (outputBytes > 0) cudaFree(output);
            output = new Pointer();
            check(cudaMalloc(output, outBytes), "allocate output");
            outputBytes = outBytes;
        }
    }

    private void check(int status, String what) {
        if (status != 0) {
            throw new RunnerFailureException(name + ": CUDA failed to " + what + " (status " + status + ")", null);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (inputBytes > 0) cudaFree(input);
        if (outputBytes > 0) cudaFree(output);
        cudaStreamDestroy(stream);
        context.close();
        engine.close();
        runtime.close();
    }
}
