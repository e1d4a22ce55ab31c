package dev.parity.runners.factory;

import dev.parity.runners.Device;
import dev.parity.runners.ModelContract;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.kserve.KServeSettings;
import java.nio.file.Path;

/**
 * Everything a factory needs to open one variant's runner.
 *
 * @param artifact the model file; null for a served model
 * @param threads  intra-op threads; 0 lets the runtime choose
 * @param server   for served runtimes: where the model is served; null otherwise
 */
public record RunnerSettings(String name, RuntimeKind runtime, Path artifact, Device device, int threads,
                             ModelContract contract, KServeSettings server) {

    /** Settings of a local model. */
    public RunnerSettings(String name, RuntimeKind runtime, Path artifact, Device device, int threads,
                          ModelContract contract) {
        this(name, runtime, artifact, device, threads, contract, null);
    }
}
