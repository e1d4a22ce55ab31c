package dev.parity.runners.kserve;

import static dev.parity.runners.kserve.RemoteRunnerContract.CONTRACT;
import static dev.parity.runners.kserve.RemoteRunnerContract.batch;
import static dev.parity.runners.kserve.RemoteRunnerContract.demo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.runners.Batch;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.Runner;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https and grpcs against loopback servers whose certificate comes from a private CA: trusted through tls_ca, and
 * refused at once (no retries) without it, with a message that says where the fix goes.
 */
class TlsTest {
    @TempDir
    static Path dir;
    static TestTls tls;

    @BeforeAll
    static void certificate() throws Exception {
        tls = new TestTls(dir);
    }

    private static KServeSettings settings(URI url, Path ca) {
        return new KServeSettings(url, "coat", null, true, 2, 8, Duration.ofSeconds(5), 2, Map.of(), ca, null, null);
    }

    private static void assertScoresLikePlaintext(Runner secure, Runner plain) {
        Batch b = batch(16);
        assertArrayEquals(plain.run(b).data(), secure.run(b).data());
    }

    @Test
    void httpsWithAPrivateCa() throws Exception {
        try (KServeTestServer https = new KServeTestServer("coat", demo(), 0, tls.serverContext());
             KServeTestServer http = new KServeTestServer("coat", demo())) {
            assertTrue(https.url().toString().startsWith("https://"));
            try (KServeHttpRunner secure = KServeHttpRunner.open("s", settings(https.url(), tls.caPem), CONTRACT);
                 KServeHttpRunner plain = KServeHttpRunner.open("p", settings(http.url(), null), CONTRACT)) {
                assertScoresLikePlaintext(secure, plain);
            }
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> KServeHttpRunner.open("x", settings(https.url(), null), CONTRACT));
            assertTrue(e.getMessage().contains("TLS handshake failed") && e.getMessage().contains("tls_ca"),
                    e.getMessage());
        }
    }

    @Test
    void grpcsWithAPrivateCa() throws Exception {
        try (KServeGrpcTestServer grpcs = new KServeGrpcTestServer("coat", demo(), 0, tls.keyManagers());
             KServeGrpcTestServer grpc = new KServeGrpcTestServer("coat", demo())) {
            assertTrue(grpcs.url().toString().startsWith("grpcs://"));
            try (KServeGrpcRunner secure = KServeGrpcRunner.open("s", settings(grpcs.url(), tls.caPem), CONTRACT);
                 KServeGrpcRunner plain = KServeGrpcRunner.open("p", settings(grpc.url(), null), CONTRACT)) {
                assertScoresLikePlaintext(secure, plain);
            }
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> KServeGrpcRunner.open("x", settings(grpcs.url(), null), CONTRACT));
            assertTrue(e.getMessage().contains("TLS handshake failed") && e.getMessage().contains("tls_ca"),
                    e.getMessage());
        }
    }
}
