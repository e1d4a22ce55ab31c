package dev.parity.runners.kserve;

import static dev.parity.runners.kserve.KServeHttpRunnerTest.CONTRACT;
import static dev.parity.runners.kserve.KServeHttpRunnerTest.batch;
import static dev.parity.runners.kserve.KServeHttpRunnerTest.demo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.runners.Batch;
import dev.parity.runners.DType;
import dev.parity.runners.Device;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.OnnxRuntimeRunner;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.RunnerUnavailableException;
import inference.GrpcPredictV2.ModelInferResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The KServe v2 gRPC runner against an in-process gRPC server on 127.0.0.1: correct answers and every fault. */
class KServeGrpcRunnerTest {
    KServeGrpcTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new KServeGrpcTestServer("coat", demo());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private KServeSettings settings(boolean raw, int concurrency, int requestBatch, long timeoutMs, int retries,
                                    Map<String, String> headers) {
        return new KServeSettings(server.url(), "coat", null, raw, concurrency, requestBatch,
                Duration.ofMillis(timeoutMs), retries, headers);
    }

    private KServeSettings plain(boolean raw) {
        return settings(raw, 1, 0, 5000, 2, Map.of());
    }

    @Test
    void servedScoresEqualLocalScoresRawAndTyped() throws Exception {
        Batch b = batch(48);
        float[] local;
        try (Runner r = OnnxRuntimeRunner.open("local", demo(), Device.CPU, 1, CONTRACT)) {
            local = r.run(b).data();
        }
        for (boolean raw : new boolean[] {true, false}) {
            try (KServeGrpcRunner r = KServeGrpcRunner.open("served", plain(raw), CONTRACT)) {
                assertTrue(r.executionProvider().contains(raw ? "raw" : "typed"));
                assertEquals("parity-grpc-test-server 1", r.runtimeVersion());
                Outputs out = r.run(b);
                assertEquals(48, out.shape()[0]);
                for (int i = 0; i < local.length; i++) assertEquals(local[i], out.data()[i], 1e-5, "sample " + i);
            }
        }
    }

    @Test
    void concurrentRequestsKeepSampleOrder() throws Exception {
        server.delayMs = 50;
        Batch b = batch(64);
        float[] serial;
        try (KServeGrpcRunner r = KServeGrpcRunner.open("s", settings(true, 1, 8, 5000, 0, Map.of()), CONTRACT)) {
            serial = r.run(b).data();
        }
        server.maxInFlight.set(0);
        try (KServeGrpcRunner r = KServeGrpcRunner.open("c", settings(true, 8, 8, 5000, 0, Map.of()), CONTRACT)) {
            float[] parallel = r.run(b).data();
            assertTrue(server.maxInFlight.get() > 1, "requests overlapped: " + server.maxInFlight.get());
            for (int i = 0; i < serial.length; i++) assertEquals(serial[i], parallel[i], "sample " + i);
        }
    }

    @Test
    void retriesThroughUnavailable() throws Exception {
        try (KServeGrpcRunner r = KServeGrpcRunner.open("r", settings(true, 1, 0, 5000, 3, Map.of()), CONTRACT)) {
            server.unavailable = 2;
            int before = server.inferRequests.get();
            assertEquals(8, r.run(batch(8)).shape()[0]);
            assertEquals(3, server.inferRequests.get() - before, "two UNAVAILABLE, then the answer");
            server.unavailable = 5;
            RunnerFailureException e = assertThrows(RunnerFailureException.class, () -> r.run(batch(8)));
            assertTrue(e.getMessage().contains("UNAVAILABLE (connection reset) after 4 attempt(s)"), e.getMessage());
        }
    }

    @Test
    void aServerThatGoesAwayAndComesBackIsRetriedOverANewConnection() throws Exception {
        int port = server.url().getPort();
        try (KServeGrpcRunner r = KServeGrpcRunner.open("r", settings(true, 1, 0, 5000, 6, Map.of()), CONTRACT)) {
            assertEquals(4, r.run(batch(4)).shape()[0]);
            server.close(); // the connection drops for real
            Thread restart = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    server = new KServeGrpcTestServer("coat", demo(), port);
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
    void unknownModelNamesTheModelsTheServerHas() {
        KServeSettings s = new KServeSettings(server.url(), "dog", null, true, 1, 0, Duration.ofSeconds(5), 0, Map.of());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeGrpcRunner.open("x", s, CONTRACT));
        assertTrue(e.getMessage().contains("model 'dog' is not ready or unknown") && e.getMessage().contains("coat (READY)"),
                e.getMessage());
    }

    @Test
    void metadataMismatchIsNamed() {
        ModelContract other = new ModelContract("image", DType.FLOAT32, new long[] {3, 28, 28}, "logit", DType.FLOAT32);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeGrpcRunner.open("x", plain(true), other));
        assertTrue(e.getMessage().contains("[?,1,28,28]"), e.getMessage());
    }

    @Test
    void wrongShapeInTheResponseIsNamed() throws Exception {
        for (boolean raw : new boolean[] {true, false}) {
            try (KServeGrpcRunner r = KServeGrpcRunner.open("x", plain(raw), CONTRACT)) {
                server.wrongShape = true;
                InvalidModelException e = assertThrows(InvalidModelException.class, () -> r.run(batch(4)));
                assertTrue(e.getMessage().contains("shape [5, 1] for a request of 4 samples (from sample index 0)"),
                        e.getMessage());
                server.wrongShape = false;
            }
        }
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
    void aTimeoutIsRetriedThenReported() throws Exception {
        try (KServeGrpcRunner r = KServeGrpcRunner.open("x", settings(true, 1, 0, 300, 1, Map.of()), CONTRACT)) {
            server.delayMs = 2000;
            RunnerFailureException e = assertThrows(RunnerFailureException.class, () -> r.run(batch(2)));
            assertTrue(e.getMessage().contains("no answer within 300 ms after 2 attempt(s)"), e.getMessage());
        }
    }

    @Test
    void refusedCredentialsAreNotRetriedAndTheTokenNeverShows() throws Exception {
        server.requiredToken = "s3cret-token";
        int before = server.calls.get();
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeGrpcRunner.open("x",
                settings(true, 1, 0, 5000, 3, Map.of("Authorization", "Bearer wrong-token")), CONTRACT));
        assertTrue(e.getMessage().contains("refused the credentials (UNAUTHENTICATED)"), e.getMessage());
        assertEquals(1, server.calls.get() - before, "no retry after UNAUTHENTICATED");
        assertFalse(e.getMessage().contains("wrong-token"));
        try (KServeGrpcRunner r = KServeGrpcRunner.open("x",
                settings(true, 1, 0, 5000, 0, Map.of("Authorization", "Bearer s3cret-token")), CONTRACT)) {
            assertFalse(r.executionProvider().contains("s3cret"));
            assertEquals(2, r.run(batch(2)).shape()[0]);
        }
    }

    @Test
    void nanFromTheServerArrivesAsNaN() throws Exception {
        server.nan = true;
        for (boolean raw : new boolean[] {true, false}) {
            try (KServeGrpcRunner r = KServeGrpcRunner.open("x", plain(raw), CONTRACT)) {
                assertTrue(Float.isNaN(r.run(batch(3)).data()[0]), "raw=" + raw);
            }
        }
    }
}
