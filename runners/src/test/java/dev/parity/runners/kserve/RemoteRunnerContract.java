package dev.parity.runners.kserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every remote runner must do, whatever its protocol, against a loopback server that serves the demo's ONNX
 * model: give the local scores in both encodings, keep sample order under concurrency, and name each fault.
 * Subclasses add the faults their protocol has its own way (503 vs UNAVAILABLE, 401 vs UNAUTHENTICATED, ...).
 */
abstract class RemoteRunnerContract {
    static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);

    LoopbackServer server;

    /** Starts the protocol's loopback server serving the demo model as 'coat'. */
    abstract LoopbackServer startServer() throws Exception;

    abstract Runner open(String name, KServeSettings settings, ModelContract contract)
            throws RunnerUnavailableException;

    /** How the runner's execution provider names the encoding (binary or not). */
    abstract String encoding(boolean binary);

    /** The server's name in the runner's runtime version. */
    abstract String serverName();

    @BeforeEach
    void start() throws Exception {
        server = startServer();
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

    static Batch batch(int n) {
        float[] data = new float[n * 784];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < data.length; i++) data[i] = (rnd.nextInt(256) / 255f - 0.286f) / 0.353f;
        return new Batch(0, n, new long[] {1, 28, 28}, data);
    }

    KServeSettings settings(boolean binary, int concurrency, int requestBatch, long timeoutMs, int retries,
                            Map<String, String> headers) {
        return new KServeSettings(server.url(), "coat", null, binary, concurrency, requestBatch,
                Duration.ofMillis(timeoutMs), retries, headers);
    }

    KServeSettings plain(boolean binary) {
        return settings(binary, 1, 0, 5000, 2, Map.of());
    }

    @Test
    void servedScoresEqualLocalScoresInBothEncodings() throws Exception {
        Batch b = batch(48);
        float[] local;
        try (Runner r = OnnxRuntimeRunner.open("local", demo(), Device.CPU, 1, CONTRACT)) {
            local = r.run(b).data();
        }
        for (boolean binary : new boolean[] {true, false}) {
            try (Runner r = open("served", plain(binary), CONTRACT)) {
                assertTrue(r.executionProvider().contains(encoding(binary)), r.executionProvider());
                assertTrue(r.runtimeVersion().startsWith(serverName()), r.runtimeVersion());
                Outputs out = r.run(b);
                assertEquals(48, out.shape()[0]);
                for (int i = 0; i < local.length; i++) assertEquals(local[i], out.data()[i], 1e-5, "sample " + i);
            }
        }
    }

    @Test
    void concurrentRequestsKeepSampleOrder() throws Exception {
        server.delay(50);
        Batch b = batch(64);
        float[] serial;
        try (Runner r = open("s", settings(true, 1, 8, 5000, 0, Map.of()), CONTRACT)) {
            serial = r.run(b).data();
        }
        server.maxInFlight.set(0);
        try (Runner r = open("c", settings(true, 8, 8, 5000, 0, Map.of()), CONTRACT)) {
            float[] parallel = r.run(b).data();
            assertTrue(server.maxInFlight.get() > 1, "requests overlapped: " + server.maxInFlight.get());
            for (int i = 0; i < serial.length; i++) assertEquals(serial[i], parallel[i], "sample " + i);
        }
    }

    /** The server lacking the model is the server's state, not bad input: the variant is unavailable, explained. */
    @Test
    void unknownModelNamesTheModelsTheServerHas() {
        KServeSettings s = new KServeSettings(server.url(), "dog", null, true, 1, 0, Duration.ofSeconds(5), 0, Map.of());
        RunnerUnavailableException e = assertThrows(RunnerUnavailableException.class, () -> open("x", s, CONTRACT));
        assertTrue(e.getMessage().contains("model 'dog' is not ready or unknown") && e.getMessage().contains("coat (READY)")
                && e.getMessage().contains("server.model"), e.getMessage());
    }

    @Test
    void metadataMismatchIsNamed() {
        ModelContract other = new ModelContract("pixels", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> open("x", plain(true), other));
        assertTrue(e.getMessage().contains("model.input names input 'pixels'")
                && e.getMessage().contains("image float32[?,1,28,28]")
                && e.getMessage().contains("set server.input in the variant"), e.getMessage());
    }

    /** Before, a wrong server.input read "the spec expects input 'features_wrong'", hiding which key said so. */
    @Test
    void aWrongServerTensorNameNamesItsKey() {
        KServeSettings p = plain(true);
        KServeSettings wrongIn = new KServeSettings(p.url(), p.model(), null, true, 1, 0, p.timeout(), 0, Map.of(),
                null, "image_wrong", null);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> open("x", wrongIn, CONTRACT));
        assertTrue(e.getMessage().contains("server.input names input 'image_wrong' but the served model's inputs "
                + "are: image float32[?,1,28,28]; set server.input to one of the server's names"), e.getMessage());
        KServeSettings wrongOut = new KServeSettings(p.url(), p.model(), null, true, 1, 0, p.timeout(), 0, Map.of(),
                null, null, "score");
        e = assertThrows(InvalidModelException.class, () -> open("x", wrongOut, CONTRACT));
        assertTrue(e.getMessage().contains("server.output names output 'score'"), e.getMessage());
    }

    @Test
    void wrongShapeInTheResponseIsNamed() throws Exception {
        for (boolean binary : new boolean[] {true, false}) {
            try (Runner r = open("x", plain(binary), CONTRACT)) {
                server.wrongShape(true);
                InvalidModelException e = assertThrows(InvalidModelException.class, () -> r.run(batch(4)));
                assertTrue(e.getMessage().contains("for a request of 4 samples (from sample index 0)"), e.getMessage());
                server.wrongShape(false);
            }
        }
    }

    @Test
    void aTimeoutIsRetriedThenReported() throws Exception {
        try (Runner r = open("x", settings(true, 1, 0, 300, 1, Map.of()), CONTRACT)) {
            server.delay(2000);
            RunnerFailureException e = assertThrows(RunnerFailureException.class, () -> r.run(batch(2)));
            assertTrue(e.getMessage().contains("no answer within 300 ms after 2 attempt(s)"), e.getMessage());
        }
    }

    @Test
    void nanFromTheServerArrivesAsNaN() throws Exception {
        server.nan(true);
        for (boolean binary : new boolean[] {true, false}) {
            try (Runner r = open("x", plain(binary), CONTRACT)) {
                assertTrue(Float.isNaN(r.run(batch(3)).data()[0]), "binary=" + binary);
            }
        }
    }

    @Test
    void tensorsNamedOtherwiseOnTheServerAreMappedByTheServerBlock() throws Exception {
        ModelContract spec = new ModelContract("pixels", DType.FLOAT32, new long[] {1, 28, 28}, "score", DType.FLOAT32);
        KServeSettings renamed = new KServeSettings(server.url(), "coat", null, true, 1, 0, Duration.ofSeconds(5), 0,
                Map.of(), null, "image", "logit");
        try (Runner r = open("x", renamed, spec)) {
            assertEquals(4, r.run(batch(4)).shape()[0]);
        }
    }
}
