package dev.parity.runners;

import java.nio.file.Path;

/**
 * Everything a factory needs to open one variant's runner.
 *
 * @param runtime  "torchscript", "onnxruntime" or "tensorrt"
 * @param threads  intra-op threads; 0 lets the runtime choose
 * @param server   for kserve-http and kserve-grpc: where the model is served; null otherwise
 */
public record RunnerSettings(String name, String runtime, Path artifact, Device device, int threads,
                             ModelContract contract, dev.parity.runners.kserve.KServeSettings server) {

    public RunnerSettings(String name, String runtime, Path artifact, Device device, int threads,
                          ModelContract contract) {
        this(name, runtime, artifact, device, threads, contract, null);
    }
}
