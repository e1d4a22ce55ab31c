package dev.parity.runners.kserve;

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
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The KServe v2 HTTP runner against an in-process server on 127.0.0.1: correct answers and every fault. */
class KServeHttpRunnerTest {
    static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);

    KServeTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new KServeTestServer("coat", demo());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Path demo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("datasets/fashion-mnist-coat/model.onnx");
            if (Files.isRegularFile(f)) return f;
            p = p.getParent();
        }
        throw new IllegalStateException("demo model not found");
    }

    private KServeSettings settings(boolean binary, int concurrency, int requestBatch, long timeoutMs, int retries,
                                    Map<String, String> headers) {
        return new KServeSettings(server.url(), "coat", null, binary, concurrency, requestBatch,
                Duration.ofMillis(timeoutMs), retries, headers);
    }

    private KServeSettings plain(boolean binary) {
        return settings(binary, 1, 0, 5000, 2, Map.of());
    }

    static Batch batch(int n) {
        float[] data = new float[n * 784];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < data.length; i++) data[i] = (rnd.nextInt(256) / 255f - 0.286f) / 0.353f;
        return new Batch(0, n, new long[] {1, 28, 28}, data);
    }

    @Test
    void servedScoresEqualLocalScoresJsonAndBinary() throws Exception {
        Batch b = batch(48);
        float[] local;
        try (Runner r = OnnxRuntimeRunner.open("local", demo(), Device.CPU, 1, CONTRACT)) {
            local = r.run(b).data();
        }
        for (boolean binary : new boolean[] {true, false}) {
            try (KServeHttpRunner r = KServeHttpRunner.open("served", plain(binary), CONTRACT)) {
                assertTrue(r.executionProvider().contains(binary ? "binary" : "JSON"));
                assertTrue(r.runtimeVersion().startsWith("parity-test-server"));
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
        try (KServeHttpRunner r = KServeHttpRunner.open("s", settings(true, 1, 8, 5000, 0, Map.of()), CONTRACT)) {
            serial = r.run(b).data();
        }
        server.maxInFlight.set(0);
        try (KServeHttpRunner r = KServeHttpRunner.open("c", settings(true, 8, 8, 5000, 0, Map.of()), CONTRACT)) {
            float[] parallel = r.run(b).data();
            assertTrue(server.maxInFlight.get() > 1, "requests overlapped: " + server.maxInFlight.get());
            for (int i = 0; i < serial.length; i++) assertEquals(serial[i], parallel[i], "sample " + i);
        }
    }

    @Test
    void retriesThrough503AndDroppedConnections() throws Exception {
        try (KServeHttpRunner r = KServeHttpRunner.open("r", settings(true, 1, 0, 5000, 3, Map.of()), CONTRACT)) {
            server.fail503 = 2;
            int before = server.inferRequests.get();
            assertEquals(8, r.run(batch(8)).shape()[0]);
            assertEquals(3, server.inferRequests.get() - before, "two 503s, then the answer");
            server.dropConnections = 1;
            assertEquals(8, r.run(batch(8)).shape()[0]);
        }
    }

    @Test
    void unreachableServerIsNamedAfterBoundedRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        KServeSettings s = new KServeSettings(URI.create("http://127.0.0.1:" + port), "coat", null, true, 1, 0,
                Duration.ofMillis(500), 2, Map.of());
        long t0 = System.nanoTime();
        RunnerUnavailableException e = assertThrows(RunnerUnavailableException.class,
                () -> KServeHttpRunner.open("x", s, CONTRACT));
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + port + "/v2/health/ready"), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempt(s)"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "bounded");
    }

    @Test
    void unknownModelNamesTheModelsTheServerHas() {
        KServeSettings s = new KServeSettings(server.url(), "dog", null, true, 1, 0, Duration.ofSeconds(5), 0, Map.of());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeHttpRunner.open("x", s, CONTRACT));
        assertTrue(e.getMessage().contains("model 'dog' is not ready or unknown") && e.getMessage().contains("coat (READY)"),
                e.getMessage());
    }

    @Test
    void metadataMismatchIsNamed() {
        ModelContract other = new ModelContract("pixels", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeHttpRunner.open("x", plain(true), other));
        assertTrue(e.getMessage().contains("expects input 'pixels'") && e.getMessage().contains("image float32[?,1,28,28]"),
                e.getMessage());
    }

    @Test
    void wrongShapeInTheResponseIsNamed() throws Exception {
        for (boolean binary : new boolean[] {true, false}) {
            try (KServeHttpRunner r = KServeHttpRunner.open("x", plain(binary), CONTRACT)) {
                server.wrongShape = true;
                InvalidModelException e = assertThrows(InvalidModelException.class, () -> r.run(batch(4)));
                assertTrue(e.getMessage().contains("for a request of 4 samples") || e.getMessage().contains("declares"),
                        e.getMessage());
                server.wrongShape = false;
            }
        }
    }

    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        String json = "{\"outputs\":[{\"name\":\"logit\",\"datatype\":\"FP32\",\"shape\":[2,268435455],"
                + "\"data\":[1,2]}]}";
        String binary = "{\"outputs\":[{\"name\":\"logit\",\"datatype\":\"FP32\",\"shape\":[2,268435455],"
                + "\"parameters\":{\"binary_data_size\":2147483640}}]}";
        for (String body : new String[] {json, binary}) {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            KServeHttpClient.Reply reply = new KServeHttpClient.Reply(200, Map.of(), bytes);
            long before = threads.getCurrentThreadAllocatedBytes();
            assertThrows(InvalidModelException.class, () -> KServeHttpRunner.parse(plain(true), CONTRACT, reply, 2, 0));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes to refuse: " + body);
        }
    }

    @Test
    void aTimeoutIsRetriedThenReported() throws Exception {
        try (KServeHttpRunner r = KServeHttpRunner.open("x", settings(true, 1, 0, 300, 1, Map.of()), CONTRACT)) {
            server.delayMs = 2000;
            RunnerFailureException e = assertThrows(RunnerFailureException.class, () -> r.run(batch(2)));
            assertTrue(e.getMessage().contains("no answer within 300 ms after 2 attempt(s)"), e.getMessage());
        }
    }

    @Test
    void refusedCredentialsAreNotRetriedAndTheTokenNeverShows() throws Exception {
        server.requiredToken = "s3cret-token";
        int before = server.requests.get();
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeHttpRunner.open("x",
                settings(true, 1, 0, 5000, 3, Map.of("Authorization", "Bearer wrong-token")), CONTRACT));
        assertTrue(e.getMessage().contains("refused the credentials (HTTP 401)"), e.getMessage());
        assertEquals(1, server.requests.get() - before, "no retry after 401");
        assertFalse(e.getMessage().contains("wrong-token"));
        try (KServeHttpRunner r = KServeHttpRunner.open("x",
                settings(true, 1, 0, 5000, 0, Map.of("Authorization", "Bearer s3cret-token")), CONTRACT)) {
            assertFalse(r.executionProvider().contains("s3cret"));
            assertEquals(2, r.run(batch(2)).shape()[0]);
        }
    }

    @Test
    void nanFromTheServerArrivesAsNaN() throws Exception {
        server.nan = true;
        for (boolean binary : new boolean[] {true, false}) {
            try (KServeHttpRunner r = KServeHttpRunner.open("x", plain(binary), CONTRACT)) {
                assertTrue(Float.isNaN(r.run(batch(3)).data()[0]), "binary=" + binary);
            }
        }
    }

    @Test
    void tensorsNamedOtherwiseOnTheServerAreMappedByTheServerBlock() throws Exception {
        ModelContract spec = new ModelContract("pixels", DType.FLOAT32, new long[] {1, 28, 28}, "score", DType.FLOAT32);
        KServeSettings renamed = new KServeSettings(server.url(), "coat", null, true, 1, 0, Duration.ofSeconds(5), 0,
                Map.of(), null, "image", "logit");
        try (KServeHttpRunner r = KServeHttpRunner.open("x", renamed, spec)) {
            assertEquals(4, r.run(batch(4)).shape()[0]);
        }
        try (KServeGrpcTestServer grpc = new KServeGrpcTestServer("coat", demo());
             KServeGrpcRunner r = KServeGrpcRunner.open("y", new KServeSettings(grpc.url(), "coat", null, true, 1, 0,
                     Duration.ofSeconds(5), 0, Map.of(), null, "image", "logit"), spec)) {
            assertEquals(4, r.run(batch(4)).shape()[0]);
        }
    }
}
