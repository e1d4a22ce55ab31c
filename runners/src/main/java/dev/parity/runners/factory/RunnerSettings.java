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
 * @param cpuIsa   the instruction set the runtime is held to (a spec's {@code host.cpu_isa}, e.g. "avx2"); null lets
 *                 the self-check choose
 */
public record RunnerSettings(String name, RuntimeKind runtime, Path artifact, Device device, int threads,
                             ModelContract contract, KServeSettings server, String cpuIsa) {

    /** Settings of a local or served model, kernels chosen by the self-check. */
    public RunnerSettings(String name, RuntimeKind runtime, Path artifact, Device device, int threads,
                          ModelContract contract, KServeSettings server) {
        this(name, runtime, artifact, device, threads, contract, server, null);
    }

    /** Settings of a local model. */
    public RunnerSettings(String name, RuntimeKind runtime, Path artifact, Device device, int threads,
                          ModelContract contract) {
        this(name, runtime, artifact, device, threads, contract, null);
    }
}
