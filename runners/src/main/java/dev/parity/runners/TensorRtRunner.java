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
import java.util.ArrayList;
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
public final class TensorRtRunner extends Runner {
    private final Path plan;
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

    private TensorRtRunner(String name, Path plan, ModelContract contract, TensorRtLogger logger, IRuntime runtime,
                           ICudaEngine engine, IExecutionContext context, CUstream_st stream, int device) {
        super(name, contract, signatureOf(engine), plan.toString());
        this.plan = plan;
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
        IExecutionContext context = engine.createExecutionContext();
        CUstream_st stream = new CUstream_st();
        cudaStreamCreate(stream);
        try {
            return new TensorRtRunner(name, plan, contract, logger, runtime, engine, context, stream, device.index());
        } catch (RuntimeException e) {
            cudaStreamDestroy(stream);
            context.close();
            engine.close();
            runtime.close();
            throw e;
        }
    }

    /** The engine's own inputs and outputs: names, types and shapes (-1 where a profile leaves them dynamic). */
    private static ModelSignature signatureOf(ICudaEngine engine) {
        List<TensorSpec> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        for (int i = 0; i < engine.getNbIOTensors(); i++) {
            String tensor = engine.getIOTensorName(i);
            Dims64 dims = engine.getTensorShape(tensor);
            long[] shape = new long[Math.max(0, dims.nbDims())];
            for (int d = 0; d < shape.length; d++) shape[d] = dims.d(d);
            TensorSpec spec = new TensorSpec(tensor, dtype(engine.getTensorDataType(tensor)), shape);
            (engine.getTensorIOMode(tensor) == nvinfer.TensorIOMode.kINPUT ? inputs : outputs).add(spec);
        }
        return new ModelSignature(inputs, outputs, true);
    }

    /** TensorRT's tensor types in Parity's terms. */
    private static DType dtype(nvinfer.DataType t) {
        return switch (t) {
            case kFLOAT -> DType.FLOAT32;
            case kHALF -> DType.FLOAT16;
            case kBF16 -> DType.BFLOAT16;
            case kINT8 -> DType.INT8;
            case kUINT8 -> DType.UINT8;
            case kINT32 -> DType.INT32;
            case kINT64 -> DType.INT64;
            case kBOOL -> DType.BOOL;
            default -> DType.OTHER;
        };
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
    protected Outputs runImpl(Batch batch) {
        ModelContract contract = contract();
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
            // the transfers to and from the device are part of the runtime's work; the Java copies are not
            timed(() -> {
                check(cudaMemcpy(input, host, inBytes, cudaMemcpyHostToDevice), "copy to device");
                context.setTensorAddress(contract.inputName(), input);
                context.setTensorAddress(contract.outputName(), output);
                if (!context.enqueueV3(stream)) {
                    throw new RunnerFailureException(name() + ": TensorRT enqueue failed: " + logger.lastError(), null);
                }
                check(cudaStreamSynchronize(stream), "synchronize");
                check(cudaMemcpy(result, output, outBytes, cudaMemcpyDeviceToHost), "copy to host");
                return null;
            });
            float[] data = new float[(int) outElements];
            result.get(data);
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
            throw new RunnerFailureException(name() + ": CUDA failed to " + what + " (status " + status + ")", null);
        }
    }

    @Override
    protected void closeImpl() {
        if (inputBytes > 0) cudaFree(input);
        if (outputBytes > 0) cudaFree(output);
        cudaStreamDestroy(stream);
        context.close();
        engine.close();
        runtime.close();
    }
}
