package dev.parity.runners;

import java.nio.file.Path;

/**
 * Everything a factory needs to open one variant's runner.
 *
 * @param runtime  "torchscript", "onnxruntime" or "tensorrt"
 * @param threads  intra-op threads; 0 lets the runtime choose
 */
public record RunnerSettings(String name, String runtime, Path artifact, Device device, int threads,
                             ModelContract contract) {
}
