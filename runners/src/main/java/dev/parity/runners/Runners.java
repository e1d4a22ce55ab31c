package dev.parity.runners;

import java.util.List;

/** Opens the runner a variant's settings ask for. */
public final class Runners {
    public static final List<String> RUNTIMES = List.of("torchscript", "onnxruntime", "tensorrt", "kserve-http",
            "kserve-grpc");

    private Runners() {
    }

    /**
     * @throws RunnerUnavailableException when the runtime cannot run here (reported, the run goes on)
     * @throws InvalidModelException      when the model is missing, unloadable or does not fit the contract
     */
    public static Runner open(RunnerSettings s) throws RunnerUnavailableException {
        return switch (s.runtime()) {
            case "torchscript" -> TorchScriptRunner.open(s.name(), s.artifact(), s.device(), s.threads(), s.contract());
            case "onnxruntime" -> OnnxRuntimeRunner.open(s.name(), s.artifact(), s.device(), s.threads(), s.contract());
            case "tensorrt" -> TensorRtRunner.open(s.name(), s.artifact(), s.device(), s.contract());
            case "kserve-http" -> dev.parity.runners.kserve.KServeHttpRunner.open(s.name(), s.server(), s.contract());
            case "kserve-grpc" -> dev.parity.runners.kserve.KServeGrpcRunner.open(s.name(), s.server(), s.contract());
            default -> throw new IllegalArgumentException(
                    "runtime '" + s.runtime() + "' is not one of " + RUNTIMES);
        };
    }
}
