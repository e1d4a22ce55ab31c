package dev.parity.runners.kserve;

import static dev.parity.runners.kserve.RemoteRunnerContract.CONTRACT;
import static dev.parity.runners.kserve.RemoteRunnerContract.batch;
import static dev.parity.runners.kserve.RemoteRunnerContract.demo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.runners.Batch;
import dev.parity.runners.Device;
import dev.parity.runners.OnnxRuntimeRunner;
import dev.parity.runners.Runner;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against a real Triton, only when TRITON_HTTP_URL (e.g. http://127.0.0.1:8000) and/or TRITON_GRPC_URL (e.g.
 * grpc://127.0.0.1:8001) are set. Triton must serve the demo's ONNX FP32 model under TRITON_MODEL (default
 * onnx-fp32), e.g. from {@code ./parity export-triton datasets/fashion-mnist-coat/eval.yaml --variant onnx-fp32
 * --threshold 0.74884987 --out /tmp/models} and {@code tritonserver --model-repository=/tmp/models}. Served scores must
 * equal local ONNX Runtime scores (1e-4: Triton's ONNX Runtime build may differ from ours in the last bits).
 */
class TritonIntegrationTest {
    private static final String MODEL = System.getenv().getOrDefault("TRITON_MODEL", "onnx-fp32");

    private static KServeSettings settings(String url, boolean binary, int concurrency) {
        return new KServeSettings(URI.create(url), MODEL, null, binary, concurrency, 16, Duration.ofSeconds(30), 3,
                Map.of());
    }

    private static void assertServedEqualsLocal(Runner served) throws Exception {
        Batch b = batch(128);
        float[] local;
        try (Runner r = OnnxRuntimeRunner.open("local", demo(), Device.CPU, 1, CONTRACT)) {
            local = r.run(b).data();
        }
        float[] remote = served.run(b).data();
        assertEquals(local.length, remote.length);
        for (int i = 0; i < local.length; i++) assertEquals(local[i], remote[i], 1e-4, "sample " + i);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "TRITON_HTTP_URL", matches = ".+")
    void tritonOverHttpGivesLocalScoresBinaryAndJson() throws Exception {
        for (boolean binary : new boolean[] {true, false}) {
            try (KServeHttpRunner r = KServeHttpRunner.open("triton-http", settings(System.getenv("TRITON_HTTP_URL"),
                    binary, 4), CONTRACT)) {
                assertServedEqualsLocal(r);
            }
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "TRITON_GRPC_URL", matches = ".+")
    void tritonOverGrpcGivesLocalScores() throws Exception {
        try (KServeGrpcRunner r = KServeGrpcRunner.open("triton-grpc", settings(System.getenv("TRITON_GRPC_URL"),
                true, 4), CONTRACT)) {
            assertServedEqualsLocal(r);
        }
    }
}
