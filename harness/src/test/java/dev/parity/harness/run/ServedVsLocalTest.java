package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.TestFiles;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.kserve.KServeGrpcTestServer;
import dev.parity.runners.kserve.KServeTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's ONNX FP32 model served over KServe v2 on 127.0.0.1 gives the local scores: HTTP binary and JSON, gRPC
 * raw and typed contents.
 */
class ServedVsLocalTest {
    static final int SAMPLES = 512;

    @TempDir
    Path dir;
    KServeTestServer server;
    KServeGrpcTestServer grpcServer;

    @BeforeEach
    void start() throws Exception {
        server = new KServeTestServer("coat", TestFiles.demoDir().resolve("model.onnx"));
        grpcServer = new KServeGrpcTestServer("coat", TestFiles.demoDir().resolve("model.onnx"));
        TestFiles.demoSubset(dir, SAMPLES);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        grpcServer.close();
    }

    private ResolvedSpec spec(String extra) throws IOException {
        return SpecLoader.load(Files.writeString(dir.resolve("spec.yaml"), """
                name: served
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                target_precision: 0.8
                batch_size: 64
                reference: local
                variants:
                  - {name: local, runtime: onnxruntime, artifact: '%s'}
                  - name: served-binary
                    runtime: kserve-http
                    server: {url: '%s', model: coat}
                  - name: served-json
                    runtime: kserve-http
                    server: {url: '%s', model: coat, binary: false, concurrency: 4, request_batch: 16}
                  - name: served-grpc
                    runtime: kserve-grpc
                    server: {url: '%s', model: coat, concurrency: 4, request_batch: 16}
                  - name: served-grpc-typed
                    runtime: kserve-grpc
                    server: {url: '%s', model: coat, binary: false}
                %s
                """.formatted(TestFiles.demoDir().resolve("model.onnx"), server.url(), server.url(), grpcServer.url(),
                grpcServer.url(), extra)));
    }

    @Test
    void servedScoresEqualLocalScores() throws IOException {
        EvaluationResult r = Evaluation.run(spec(""), dir.resolve("cache"), m -> { });
        for (String served : new String[] {"served-binary", "served-json", "served-grpc", "served-grpc-typed"}) {
            Comparison c = r.comparisons().get(served);
            assertEquals(SAMPLES, c.drift().compared());
            assertTrue(c.drift().maxAbsolute() <= 1e-5, served + " max |diff| " + c.drift().maxAbsolute());
            assertEquals(1.0, c.atReference().agreement());
        }
        assertTrue(server.maxInFlight.get() >= 1);
        assertTrue(grpcServer.maxInFlight.get() >= 1);
        // served variants are deployments being checked, never the variant to ship
        var recommendation = dev.parity.harness.decide.DecisionMaker.decide(r,
                dev.parity.harness.results.BenchFigures.none(), java.util.List.of(), null).recommendation();
        assertEquals("local", recommendation.variant());
        org.junit.jupiter.api.Assertions.assertFalse(recommendation.noneQualified(),
                "no other candidate is not an alarm: shipping the reference is simply the answer");
        assertTrue(recommendation.reasons().get("served-grpc").contains("not a candidate to ship"),
                recommendation.reasons().toString());
        VariantScores json = r.variants().get(2);
        assertTrue(json.executionProvider().contains("(JSON)"), json.executionProvider());
    }

    @Test
    void aHeaderFromAMissingEnvironmentVariableIsNamedNotGuessed() {
        ParityInputException e = org.junit.jupiter.api.Assertions.assertThrows(ParityInputException.class, () -> spec("""
                  - name: served-auth
                    runtime: kserve-http
                    server: {url: 'http://127.0.0.1:1', model: coat, headers_from_env: {Authorization: PARITY_TEST_NO_SUCH_VAR}}
                """));
        assertTrue(e.getMessage().contains("PARITY_TEST_NO_SUCH_VAR, which is not set"), e.getMessage());
    }

    @Test
    void aGrpcVariantWithAnHttpUrlIsRefusedNamingTheField() {
        ParityInputException e = org.junit.jupiter.api.Assertions.assertThrows(ParityInputException.class, () -> spec("""
                  - name: served-wrong
                    runtime: kserve-grpc
                    server: {url: 'http://127.0.0.1:8001', model: coat}
                """));
        assertTrue(e.getMessage().contains("server.url") && e.getMessage().contains("must be grpc://host:port"),
                e.getMessage());
    }

    @Test
    void tlsCaIsCheckedWhereTheSpecSaysIt() {
        ParityInputException plain = org.junit.jupiter.api.Assertions.assertThrows(ParityInputException.class,
                () -> spec("""
                  - name: served-ca
                    runtime: kserve-http
                    server: {url: 'http://127.0.0.1:8000', model: coat, tls_ca: ca.pem}
                """));
        assertTrue(plain.getMessage().contains("tls_ca") && plain.getMessage().contains("applies to https://"),
                plain.getMessage());
        ParityInputException missing = org.junit.jupiter.api.Assertions.assertThrows(ParityInputException.class,
                () -> spec("""
                  - name: served-ca
                    runtime: kserve-grpc
                    server: {url: 'grpcs://127.0.0.1:8001', model: coat, tls_ca: no-such-ca.pem}
                """));
        assertTrue(missing.getMessage().contains("file not found") && missing.getMessage().contains("no-such-ca.pem"),
                missing.getMessage());
    }

    /**
     * Progress follows the slowest variant and names it, also after the reader is done (before, lines came only as
     * the reader handed batches over, so a slow served variant's last stretch showed none).
     */
    @Test
    void progressNamesTheSlowestVariantUntilItIsDone() throws IOException {
        server.delay(300);
        ResolvedSpec spec = SpecLoader.load(TestFiles.subsetSpec(dir, "slow", "batch_size: 64",
                "  - {name: slow-served, runtime: kserve-http, server: {url: '" + server.url() + "', model: coat}}\n"));
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Evaluation.run(spec, dir.resolve("cache"), lines::add);
        java.util.regex.Pattern midway = java.util.regex.Pattern.compile("scored (\\d+)/512 samples \\(slowest: "
                + "slow-served\\)");
        assertTrue(lines.stream().map(midway::matcher).anyMatch(m -> m.matches() && Integer.parseInt(m.group(1)) > 0
                && Integer.parseInt(m.group(1)) < 512), lines.toString());
        assertTrue(lines.contains("scored 512/512 samples"), lines.toString());
    }
}
