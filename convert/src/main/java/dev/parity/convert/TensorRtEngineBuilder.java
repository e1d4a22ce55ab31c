package dev.parity.convert;

import dev.parity.common.AtomicFiles;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.TensorRtAvailability;
import dev.parity.runners.TensorRtLogger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvonnxparser;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.ITimingCache;
import org.bytedeco.tensorrt.nvonnxparser.IParser;

/**
 * Builds a serialized TensorRT engine (.plan) from an ONNX model: FP16 and/or INT8 (explicit quantization,
 * from a QDQ model: TensorRT takes the scales from the Q/DQ nodes, no calibrator), one optimization profile over
 * the dynamic batch dimension (1 .. max batch, optimised for the spec's batch size), and a timing cache kept on
 * disk so rebuilding the same network is fast.
 */
public final class TensorRtEngineBuilder {
    private TensorRtEngineBuilder() {
    }

    /**
     * @param inputSampleShape the input's per-sample shape (batch excluded)
     * @param optBatch         the batch size the profile is optimised for (also its maximum)
     * @param timingCache      file the timing cache is read from and written back to
     */
    public record Settings(boolean int8, boolean fp16, int workspaceMb, String inputName, long[] inputSampleShape,
                           int optBatch, Path timingCache) {
    }

    /** What the build produced. */
    public record Report(String tensorrtVersion, long planBytes, boolean int8, boolean fp16, int minBatch,
                         int optBatch, int maxBatch, boolean timingCacheReused) {
    }

    /** @throws RunnerUnavailableException where TensorRT cannot run (no GPU, natives missing): not an input error */
    public static Report build(Path onnx, Path plan, Settings s) throws RunnerUnavailableException {
        TensorRtAvailability.require();
        TensorRtLogger logger = new TensorRtLogger();
        try (IBuilder builder = nvinfer.createInferBuilder(logger);
             INetworkDefinition network = builder.createNetworkV2(0);
             IParser parser = nvonnxparser.createParser(network, logger);
             IBuilderConfig config = builder.createBuilderConfig()) {
            if (!parser.parseFromFile(onnx.toString(), org.bytedeco.tensorrt.nvinfer.ILogger.Severity.kWARNING.value)) {
                StringBuilder errors = new StringBuilder();
                for (int i = 0; i < parser.getNbErrors(); i++) errors.append(parser.getError(i).desc()).append("; ");
                throw new ConversionException(onnx + ": TensorRT's ONNX parser refuses the model: " + errors);
            }
            config.setMemoryPoolLimit(nvinfer.MemoryPoolType.kWORKSPACE, (long) s.workspaceMb() << 20);
            if (s.fp16()) config.setFlag(nvinfer.BuilderFlag.kFP16);
            if (s.int8()) config.setFlag(nvinfer.BuilderFlag.kINT8);

            int maxBatch = Math.max(1, s.optBatch());
            IOptimizationProfile profile = builder.createOptimizationProfile();
            profile.setDimensions(s.inputName(), nvinfer.OptProfileSelector.kMIN, dims(1, s.inputSampleShape()));
            profile.setDimensions(s.inputName(), nvinfer.OptProfileSelector.kOPT, dims(maxBatch, s.inputSampleShape()));
            profile.setDimensions(s.inputName(), nvinfer.OptProfileSelector.kMAX, dims(maxBatch, s.inputSampleShape()));
            config.addOptimizationProfile(profile);

            boolean reused = Files.isRegularFile(s.timingCache());
            byte[] cached = reused ? Files.readAllBytes(s.timingCache()) : new byte[0];
            ITimingCache cache = config.createTimingCache(new BytePointer(cached), cached.length);
            config.setTimingCache(cache, false);

            IHostMemory serialized = builder.buildSerializedNetwork(network, config);
            if (serialized == null || serialized.isNull()) {
                throw new ConversionException(onnx + ": TensorRT could not build an engine: " + logger.lastError());
            }
            byte[] bytes = new byte[(int) serialized.size()];
            new BytePointer(serialized.data()).capacity(bytes.length).get(bytes);
            AtomicFiles.write(plan, bytes);
            IHostMemory cacheOut = config.getTimingCache().serialize();
            byte[] cacheBytes = new byte[(int) cacheOut.size()];
            new BytePointer(cacheOut.data()).capacity(cacheBytes.length).get(cacheBytes);
            AtomicFiles.write(s.timingCache(), cacheBytes);
            return new Report(String.valueOf(nvinfer.getInferLibVersion()), bytes.length, s.int8(), s.fp16(), 1,
                    maxBatch, maxBatch, reused);
        } catch (IOException e) {
            throw new ConversionException(plan + ": cannot write the engine: " + e.getMessage(), e);
        }
    }

    private static Dims64 dims(long batch, long[] sample) {
        Dims64 d = new Dims64();
        d.nbDims(sample.length + 1);
        d.d(0, batch);
        for (int i = 0; i < sample.length; i++) d.d(i + 1, sample[i]);
        return d;
    }

}
