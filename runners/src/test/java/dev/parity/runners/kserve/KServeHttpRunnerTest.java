package dev.parity.runners.kserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The KServe v2 HTTP runner: the shared contract, plus HTTP's own faults (503, dropped connections, 401). */
class KServeHttpRunnerTest extends RemoteRunnerContract {
    KServeTestServer http;

    @Override
    LoopbackServer startServer() throws Exception {
        return http = new KServeTestServer("coat", demo());
    }

    @Override
    Runner open(String name, KServeSettings settings, ModelContract contract) throws RunnerUnavailableException {
        return KServeHttpRunner.open(name, settings, contract);
    }

    @Override
    String encoding(boolean binary) {
        return binary ? "(binary)" : "(JSON)";
    }

    @Override
    String serverName() {
        return "parity-test-server";
    }

    @Test
    void retriesThrough503AndDroppedConnections() throws Exception {
        try (KServeHttpRunner r = KServeHttpRunner.open("r", settings(true, 1, 0, 5000, 3, Map.of()), CONTRACT)) {
            http.fail503 = 2;
            int before = http.inferRequests.get();
            assertEquals(8, r.run(batch(8)).shape()[0]);
            assertEquals(3, http.inferRequests.get() - before, "two 503s, then the answer");
            http.dropConnections = 1;
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
    void refusedCredentialsAreNotRetriedAndTheTokenNeverShows() throws Exception {
        http.requiredToken = "s3cret-token";
        int before = http.requests.get();
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KServeHttpRunner.open("x",
                settings(true, 1, 0, 5000, 3, Map.of("Authorization", "Bearer wrong-token")), CONTRACT));
        assertTrue(e.getMessage().contains("refused the credentials (HTTP 401)"), e.getMessage());
        assertEquals(1, http.requests.get() - before, "no retry after 401");
        assertFalse(e.getMessage().contains("wrong-token"));
        try (KServeHttpRunner r = KServeHttpRunner.open("x",
                settings(true, 1, 0, 5000, 0, Map.of("Authorization", "Bearer s3cret-token")), CONTRACT)) {
            assertFalse(r.executionProvider().contains("s3cret"));
            assertEquals(2, r.run(batch(2)).shape()[0]);
        }
    }

    private float[] local(dev.parity.runners.Batch b) throws Exception {
        try (Runner r = dev.parity.runners.OnnxRuntimeRunner.open("local", demo(), dev.parity.runners.Device.CPU,
                1, CONTRACT)) {
            return r.run(b).data();
        }
    }

    /**
     * DJL Serving answers GET /v2 with 404 and refuses binary requests with a 400. Before, binary: true (the
     * default) was kept, since no extension list said otherwise, and the variant failed on its first batch.
     */
    @Test
    void aServerThatDoesNotListItsExtensionsIsAskedInJson() throws Exception {
        http.likeDjlServing();
        dev.parity.runners.Batch b = batch(24);
        try (Runner r = open("served", plain(true), CONTRACT)) {
            assertTrue(r.executionProvider().contains("(JSON: the server does not list its extensions (GET /v2: "
                    + "HTTP 404)"), r.executionProvider());
            float[] served = r.run(b).data(), local = local(b);
            for (int i = 0; i < local.length; i++) assertEquals(local[i], served[i], 1e-5, "sample " + i);
        }
    }

    /** A server that lists the extension and still refuses binary requests: the first is sent again as JSON. */
    @Test
    void aRefusedBinaryRequestIsRetriedOnceAsJsonAndTheProviderSaysSo() throws Exception {
        http.claimBinaryButRefuseIt();
        dev.parity.runners.Batch b = batch(24);
        try (Runner r = open("served", settings(true, 4, 6, 5000, 0, Map.of()), CONTRACT)) {
            assertTrue(r.executionProvider().contains("(binary)"), r.executionProvider());
            float[] served = r.run(b).data(), local = local(b);
            for (int i = 0; i < local.length; i++) assertEquals(local[i], served[i], 1e-5, "sample " + i);
            assertTrue(r.executionProvider().contains("(JSON: the server refused a binary request (HTTP 400"),
                    r.executionProvider());
            int before = http.requests.get();
            r.run(b);
            assertEquals(4, http.requests.get() - before, "after the switch every request is JSON, none retried");
        }
    }

    /** Once a binary request was answered, a later 400 is the server's error: not retried, reported. */
    @Test
    void aLater400IsAFailureNotAFallback() throws Exception {
        dev.parity.runners.Batch b = batch(8);
        try (Runner r = open("served", plain(true), CONTRACT)) {
            r.run(b);
            http.failInfer(400, "{\"error\":\"bad input (test)\"}");
            dev.parity.runners.RunnerFailureException e = assertThrows(
                    dev.parity.runners.RunnerFailureException.class, () -> r.run(b));
            assertTrue(e.getMessage().contains("HTTP 400 for samples 0..7: {\"error\":\"bad input (test)\"}"),
                    e.getMessage());
            assertTrue(r.executionProvider().contains("(binary)"), r.executionProvider());
        }
    }
}
