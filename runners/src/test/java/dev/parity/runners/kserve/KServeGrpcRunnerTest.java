package dev.parity.runners.kserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.RunnerUnavailableException;
import inference.GrpcPredictV2.ModelInferResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The KServe v2 gRPC runner: the shared contract, plus gRPC's own faults (UNAVAILABLE, restarts, UNAUTHENTICATED). */
class KServeGrpcRunnerTest extends RemoteRunnerContract {
    KServeGrpcTestServer grpc;

    @Override
    LoopbackServer startServer() throws Exception {
        return grpc = new KServeGrpcTestServer("coat", demo());
    }

    @Override
    Runner open(String name, KServeSettings settings, ModelContract contract) throws RunnerUnavailableException {
        return KServeGrpcRunner.open(name, settings, contract);
    }

    @Override
    String encoding(boolean binary) {
        return binary ? "raw contents" : "typed contents";
    }

    @Override
    String serverName() {
        return "parity-grpc-test-server";
    }

    @Test
    void retriesThroughUnavailable() throws Exception {
        try (KServeGrpcRunner r = KServeGrpcRunner.open("r", settings(true, 1, 0, 5000, 3, Map.of()), CONTRACT)) {
            grpc.unavailable = 2;
            int before = grpc.inferRequests.get();
            assertEquals(8, r.run(batch(8)).shape()[0]);
            assertEquals(3, grpc.inferRequests.get() - before, "two UNAVAILABLE, then the answer");
            grpc.unavailable = 5;
            RunnerFailureException e = assertThrows(RunnerFailureException.class, () -> r.run(batch(8)));
            assertTrue(e.getMessage().contains("UNAVAILABLE (connection reset) after 4 attempt(s)"), e.getMessage());
        }
    }

    @Test
    void aServerThatGoesAwayAndComesBackIsRetriedOverANewConnection() throws Exception {
        int port = grpc.url().getPort();
        try (KServeGrpcRunner r = KServeGrpcRunner.open("r", settings(true, 1, 0, 5000, 6, Map.of()), CONTRACT)) {
            assertEquals(4, r.run(batch(4)).shape()[0]);
            grpc.close(); // the connection drops for real
            Thread restart = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    server = grpc = new KServeGrpcTestServer("coat", demo(), port);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restart.start();
            assertEquals(4, r.run(batch(4)).shape()[0], "answered after the restart");
            restart.join();
        }
    }

    @Test
    void unreachableServerIsNamedAfterBoundedRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        KServeSettings s = new KServeSettings(URI.create("grpc://127.0.0.1:" + port), "coat", null, true, 1, 0,
                Duration.ofMillis(500), 2, Map.of());
        long t0 = System.nanoTime();
        RunnerUnavailableException e = assertThrows(RunnerUnavailableException.class,
                () -> KServeGrpcRunner.open("x", s, CONTRACT));
        assertTrue(e.getMessage().contains("grpc://127.0.0.1:" + port + " ServerReady"), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempt(s)"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "bounded");
    }

    @Test
    void wrongElementCountInRawContentsIsNamed() {
        ModelInferResponse r = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("logit").setDatatype("FP32")
                        .addShape(2).addShape(1))
                .addRawOutputContents(com.google.protobuf.ByteString.copyFrom(new byte[12]))
                .build();
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> KServeGrpcRunner.parse(plain(true), CONTRACT, r, 2, 10));
        assertTrue(e.getMessage().contains("12 raw bytes for shape [2, 1] (expected 8)"), e.getMessage());
    }

    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated() {
        // 2 x 268,435,455 floats would be a 2 GB array; the 8 bytes actually sent must be checked first
        ModelInferResponse r = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("logit").setDatatype("FP32")
                        .addShape(2).addShape(268_435_455))
                .addRawOutputContents(com.google.protobuf.ByteString.copyFrom(new byte[8]))
                .build();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThrows(InvalidModelException.class, () -> KServeGrpcRunner.parse(plain(true), CONTRACT, r, 2, 0));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes to refuse an 8-byte answer");
    }

    @Test
    void refusedCredentialsAreNotRetriedAndTheTokenNeverShows() throws Exception {
        grpc.requiredToken = "s3cret-token";
        int before = grpc.calls.get();
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeGrpcRunner.open("x",
                settings(true, 1, 0, 5000, 3, Map.of("Authorization", "Bearer wrong-token")), CONTRACT));
        assertTrue(e.getMessage().contains("refused the credentials (UNAUTHENTICATED)"), e.getMessage());
        assertEquals(1, grpc.calls.get() - before, "no retry after UNAUTHENTICATED");
        assertFalse(e.getMessage().contains("wrong-token"));
        try (KServeGrpcRunner r = KServeGrpcRunner.open("x",
                settings(true, 1, 0, 5000, 0, Map.of("Authorization", "Bearer s3cret-token")), CONTRACT)) {
            assertFalse(r.executionProvider().contains("s3cret"));
            assertEquals(2, r.run(batch(2)).shape()[0]);
        }
    }
}
