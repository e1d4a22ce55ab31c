package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.MisbehavingRunner;
import dev.parity.harness.TestFiles;
import dev.parity.harness.run.ScoringPass;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.factory.Runners;
import dev.parity.runners.kserve.KServeGrpcTestServer;
import dev.parity.runners.kserve.KServeTestServer;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault class a variant can have, through the whole command line: one variant misbehaves next to a local
 * reference and a healthy local variant. For each: the exit code, the faulty variant's status and reason, the
 * other variants' scores bit-identical to a run without the faulty one, and every report file present and
 * parseable.
 */
class FaultMatrixTest {
    static final int SAMPLES = 256;
    static final int BATCH = 32;

    @TempDir
    static Path shared;
    static Map<String, List<String>> clean;

    @TempDir
    Path dir;
    KServeTestServer http;
    KServeGrpcTestServer grpc;

    /** One fault: how the faulty variant is declared and made to misbehave, and what the run must say. */
    record Fault(String name, String variantYaml, Consumer<FaultMatrixTest> setup,
                 BiFunction<Outputs, Integer, Outputs> localFault, int exitCode, String status, String reasonHas,
                 String gateFailed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Path model() {
        return TestFiles.demoDir().resolve("model.onnx");
    }

    static String spec(String extraVariant) {
        return """
                name: faults
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                threshold: 0.0
                batch_size: %d
                reference: local
                variants:
                  - {name: local, runtime: onnxruntime, artifact: '%s'}
                  - {name: good, runtime: onnxruntime, artifact: '%s'}
                %s
                """.formatted(BATCH, model(), model(), extraVariant);
    }

    @BeforeAll
    static void cleanRun() throws Exception {
        TestFiles.demoSubset(shared, SAMPLES);
        Path spec = Files.writeString(shared.resolve("clean.yaml"), spec(""));
        Path out = shared.resolve("clean-run");
        assertEquals(0, cli(Runners::open, "eval", spec.toString(), "--out", out.toString(), "-q", "--cache",
                shared.resolve("cache").toString()));
        clean = RunFiles.scoreColumns(out);
    }

    @BeforeEach
    void servers() throws Exception {
        http = new KServeTestServer("coat", model());
        grpc = new KServeGrpcTestServer("coat", model());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        grpc.close();
    }

    static int cli(ScoringPass.RunnerOpener opener, String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        return ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true),
                opener, args);
    }

    static final String LOCAL = "  - {name: faulty, runtime: onnxruntime, artifact: '" + "%MODEL%" + "'}";
    static final String HTTP = "  - {name: faulty, runtime: kserve-http, server: {url: '%HTTP%', model: coat, "
            + "timeout_ms: 300, retries: 1}}";
    static final String GRPC = "  - {name: faulty, runtime: kserve-grpc, server: {url: '%GRPC%', model: coat, "
            + "timeout_ms: 300, retries: 1}}";

    static Stream<Fault> faults() {
        Consumer<FaultMatrixTest> none = t -> { };
        float inf = Float.POSITIVE_INFINITY;
        return Stream.of(
                new Fault("local: the engine crashes mid-run", LOCAL, none, (out, call) -> {
                    if (call == 3) throw new RunnerFailureException("faulty: the engine crashed (test)", null);
                    return out;
                }, 1, "failed", "the engine crashed (test)", "completed"),
                new Fault("local: another runtime error", LOCAL, none, (out, call) -> {
                    if (call == 2) throw new IllegalStateException("native code said no (test)");
                    return out;
                }, 1, "failed", "IllegalStateException: native code said no (test)", "completed"),
                new Fault("local: wrong result count", LOCAL, none, (out, call) -> new Outputs(out.name(),
                        new long[] {out.shape()[0] - 1, 1}, Arrays.copyOf(out.data(), out.data().length - 1)),
                        1, "failed", "returned 31 result(s) for a batch of 32 samples", "completed"),
                new Fault("local: one NaN per batch", LOCAL, none, (out, call) -> with(out, 0, Float.NaN),
                        1, "ok", null, "max_nan_inf"),
                new Fault("local: a mix of NaN, +Inf and -Inf", LOCAL, none, (out, call) ->
                        with(with(with(out, 0, Float.NaN), 1, inf), 2, -inf), 1, "ok", null, "max_nan_inf"),
                new Fault("local: every score NaN", LOCAL, none, (out, call) -> all(out, Float.NaN),
                        1, "ok", null, "max_nan_inf"),
                new Fault("local: every score +Inf", LOCAL, none, (out, call) -> all(out, inf),
                        1, "ok", null, "max_nan_inf"),
                new Fault("local: a single Inf", LOCAL, none, (out, call) -> call == 5 ? with(out, 7, -inf) : out,
                        1, "ok", null, "max_nan_inf"),
                new Fault("http: 400 on infer mid-run", HTTP, t -> {
                    t.http.faultAfter(2);
                    t.http.failInfer(400, "{\"error\":\"input 'image' has the wrong type (test)\"}");
                }, null, 1, "failed", "HTTP 400 for samples 64..95: {\"error\":\"input 'image' has the wrong type "
                        + "(test)\"}; the request used Triton's binary tensor extension", "completed"),
                new Fault("http: 500 on infer mid-run", HTTP, t -> {
                    t.http.faultAfter(2);
                    t.http.failInfer(500, "{\"error\":\"CUDA out of memory (test)\"}");
                }, null, 1, "failed", "HTTP 500 for samples 64..95: {\"error\":\"CUDA out of memory (test)\"}",
                        "completed"),
                new Fault("http: the server goes away mid-run", HTTP, t -> t.http.disappearAfter(3), null,
                        1, "failed", "failed at samples 96..127", "completed"),
                new Fault("http: slower than the timeout", HTTP, t -> {
                    t.http.faultAfter(1);
                    t.http.delay(1500);
                }, null, 1, "failed", "no answer within 300 ms after 2 attempt(s)", "completed"),
                // a served variant is required by default: a server that cannot be asked fails the run
                new Fault("http: metadata fails before the first batch", HTTP, t -> t.http.failMetadata(500), null,
                        1, "unavailable", "HTTP 500: {\"error\":\"metadata backend exploded (test)\"}", "completed"),
                new Fault("http: binary tensors not offered", HTTP, t -> t.http.refuseBinary(true), null,
                        0, "ok", null, null),
                new Fault("grpc: INTERNAL on infer mid-run", GRPC, t -> {
                    t.grpc.faultAfter(2);
                    t.grpc.failInfer(Status.INTERNAL.withDescription("onnx runtime error 6 (test)"));
                }, null, 1, "failed", "INTERNAL: onnx runtime error 6 (test)", "completed"),
                new Fault("grpc: UNIMPLEMENTED on infer", GRPC, t -> t.grpc.failInfer(Status.UNIMPLEMENTED
                        .withDescription("no ModelInfer here (test)")), null, 1, "failed",
                        "UNIMPLEMENTED: no ModelInfer here (test)", "completed"),
                new Fault("grpc: the server goes away mid-run", GRPC, t -> t.grpc.disappearAfter(3), null,
                        1, "failed", "after 2 attempt(s)", "completed"),
                new Fault("grpc: slower than the deadline", GRPC, t -> {
                    t.grpc.faultAfter(1);
                    t.grpc.delay(1500);
                }, null, 1, "failed", "no answer within 300 ms after 2 attempt(s)", "completed"),
                new Fault("grpc: the port speaks HTTP/1.1", "  - {name: faulty, runtime: kserve-grpc, server: "
                        + "{url: '%HTTP_AS_GRPC%', model: coat, timeout_ms: 2000, retries: 0}}", none, null,
                        1, "unavailable", "this port does not speak gRPC", "completed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aFaultyVariantIsReportedAndNothingElseIsLost(Fault f) throws Exception {
        f.setup().accept(this);
        String yaml = f.variantYaml().replace("%MODEL%", model().toString())
                .replace("%HTTP%", http.url().toString()).replace("%GRPC%", grpc.url().toString())
                .replace("%HTTP_AS_GRPC%", http.url().toString().replace("http://", "grpc://"));
        Files.copy(shared.resolve("x.npy"), dir.resolve("x.npy"));
        Files.copy(shared.resolve("y.npy"), dir.resolve("y.npy"));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), spec(yaml));
        Path out = dir.resolve("run");
        ScoringPass.RunnerOpener opener = f.localFault() == null ? Runners::open : settings -> {
            Runner real = Runners.open(settings);
            return settings.name().equals("faulty") ? MisbehavingRunner.of(real, f.localFault()) : real;
        };
        int code = cli(opener, "eval", spec.toString(), "--out", out.toString(), "-q", "--cache",
                shared.resolve("cache").toString());
        assertEquals(f.exitCode(), code, f.name());
        JsonNode summary = RunFiles.requireComplete(out, SAMPLES);
        JsonNode faulty = RunFiles.variant(summary, "faulty");
        assertEquals(f.status(), faulty.path("status").asText(), faulty.toString());
        if (f.reasonHas() != null) {
            assertTrue(faulty.path("reason").asText().contains(f.reasonHas()), faulty.path("reason").asText());
        }
        if (f.gateFailed() != null) {
            assertEquals("FAIL", RunFiles.gate(summary, "faulty", f.gateFailed()), f.name());
        }
        if (f.variantYaml().equals(HTTP) && f.status().equals("ok")) {
            assertTrue(faulty.path("execution_provider").asText().contains("(JSON: the server does not list the binary_tensor_data extension"),
                    faulty.path("execution_provider").asText());
        }
        Map<String, List<String>> cols = RunFiles.scoreColumns(out);
        assertEquals(clean.get("local"), cols.get("local"), "the reference's scores are untouched");
        assertEquals(clean.get("good"), cols.get("good"), "the healthy variant's scores are untouched");
        assertTrue(!summary.at("/decision/recommendation/variant").asText().equals("faulty")
                || f.exitCode() == 0, "a failing variant is never recommended");
    }

    private static Outputs with(Outputs out, int index, float value) {
        float[] d = out.data().clone();
        d[index] = value;
        return new Outputs(out.name(), out.shape(), d);
    }

    private static Outputs all(Outputs out, float value) {
        float[] d = new float[out.data().length];
        Arrays.fill(d, value);
        return new Outputs(out.name(), out.shape(), d);
    }
}
