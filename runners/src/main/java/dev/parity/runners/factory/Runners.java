package dev.parity.runners.factory;

import dev.parity.runners.InvalidModelException;
import dev.parity.runners.OnnxRuntimeRunner;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.TensorRtRunner;
import dev.parity.runners.TorchScriptRunner;
import dev.parity.runners.kserve.KServeGrpcRunner;
import dev.parity.runners.kserve.KServeHttpRunner;
import dev.parity.runners.selfcheck.InProcessTrust;

/**
 * Opens the runner a variant's settings ask for, in this process, once the runtime passed the self-check here. It
 * lives above the runtimes (local ones in {@code runners}, served ones in {@code runners.kserve}), so that neither
 * package needs the other.
 */
public final class Runners {
    private Runners() {
    }

    /**
     * @throws RunnerUnavailableException when the runtime cannot run here (reported, the run goes on)
     * @throws InvalidModelException      when the model is missing, unloadable or does not fit the contract
     */
    public static Runner open(RunnerSettings s) throws RunnerUnavailableException {
        InProcessTrust.require(s.runtime()); // a runtime that computes wrong here is refused, not used
        return switch (s.runtime()) {
            case TORCHSCRIPT -> TorchScriptRunner.open(s.name(), s.artifact(), s.device(), s.threads(), s.contract());
            case ONNXRUNTIME -> OnnxRuntimeRunner.open(s.name(), s.artifact(), s.device(), s.threads(), s.contract());
            case TENSORRT -> TensorRtRunner.open(s.name(), s.artifact(), s.device(), s.contract());
            case KSERVE_HTTP -> KServeHttpRunner.open(s.name(), s.server(), s.contract());
            case KSERVE_GRPC -> KServeGrpcRunner.open(s.name(), s.server(), s.contract());
        };
    }
}
