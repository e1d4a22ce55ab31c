package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parity.harness.ClassModel;
import dev.parity.harness.TestFiles;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.parity.runners.kserve.KServeGrpcTestServer;
import dev.parity.runners.kserve.KServeTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-class model made here (a nearest-centre classifier of four Gaussian classes, {@link ClassModel}), run end to
 * end through ONNX Runtime: its FP16 and a well-calibrated INT8 keep the decisions, an INT8 whose ranges clip most
 * activations does not, and a copy whose last layer swaps two classes fails naming them (a CUDA variant is
 * unavailable on a machine without a GPU, and reported so). Every figure in
 * summary.json is recomputed here from the run's own scores with plain loops.
 */
class MultiClassRunTest {
    static final int N = 2000, D = 8, K = 4;
    @TempDir
    static Path dir;
    static RunSession.Finished run;
    static RunSummary summary;
    static ClassModel model;
    static boolean torch;
    static KServeTestServer http;
    static KServeGrpcTestServer grpc;

    @BeforeAll
    static void runIt() throws Exception {
        model = new ClassModel(D, K, 7, 1.5);
        TestFiles.float32(dir.resolve("x.npy"), new long[] {N, D}, model.samples(N, 11));
        TestFiles.int64(dir.resolve("y.npy"), new long[] {N}, model.labels(N));
        TestFiles.float32(dir.resolve("cal.npy"), new long[] {500, D}, model.samples(500, 13));
        model.write(dir.resolve("model.onnx"), -1, -1);
        model.write(dir.resolve("swapped.onnx"), 1, 2);
        // the FP32 model served over KServe v2: K values per sample come back over HTTP (binary, JSON) and gRPC
        http = new KServeTestServer("blobs", dir.resolve("model.onnx"));
        grpc = new KServeGrpcTestServer("blobs", dir.resolve("model.onnx"));
        // the TorchScript original is the reference where Python has torch (.ci/run installs it); else the export
        torch = model.writeTorchScript(dir.resolve("model.pt")) != null;
        // the badly calibrated INT8 keeps the 51st percentile of |x| as each tensor's range: most values saturate
        Files.writeString(dir.resolve("spec.yaml"), """
                name: blobs
                dataset: {inputs: x.npy, labels: y.npy, calibration: cal.npy, preprocessing: {shape: [8]}}
                model:
                  input: x
                  output: logits
                  score: {class_names: [north, east, south, west], transform: softmax, top_k: 2}
                target_precision: 0.9
                batch_size: 100
                reference: %s
                variants:
                %s
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: model.onnx}
                  - {name: onnx-fp16, runtime: onnxruntime, from: onnx-fp32, convert: {precision: fp16}}
                  - {name: onnx-int8, runtime: onnxruntime, from: onnx-fp32, convert: {precision: int8, calibration: minmax}}
                  - name: onnx-int8-clipped
                    runtime: onnxruntime
                    from: onnx-fp32
                    convert: {precision: int8, calibration: percentile, percentile: 51}
                  - {name: swapped, runtime: onnxruntime, artifact: swapped.onnx}
                  - {name: onnx-cuda, runtime: onnxruntime, artifact: model.onnx, device: cuda}
                  - {name: served-http, runtime: kserve-http, server: {url: '%s', model: blobs}}
                  - {name: served-json, runtime: kserve-http, server: {url: '%s', model: blobs, binary: false}}
                  - {name: served-grpc, runtime: kserve-grpc, server: {url: '%s', model: blobs}}
                """.formatted(torch ? "pytorch" : "onnx-fp32",
                torch ? "  - {name: pytorch, runtime: torchscript, artifact: model.pt}" : "", http.url(), http.url(),
                grpc.url()));
        ResolvedSpec spec = SpecLoader.load(dir.resolve("spec.yaml"));
        List<String> progress = new ArrayList<>();
        run = RunSession.run(spec, RunSession.scoring(false), RunSession.Settings.defaults(progress::add,
                progress::add).withFolder(dir.resolve("run")).withCache(dir.resolve("cache"))
                .withStore(dir.resolve("store.sqlite"), true).withSpeedProbe(0));
        summary = RunFileCodec.readSummary(dir.resolve("run/summary.json"));
    }

    @AfterAll
    static void stopServers() throws Exception {
        http.close();
        grpc.close();
    }

    /** Served, the model's K scores per sample are the local ones, bit for bit, every way the protocol carries them. */
    @Test
    void servedClassScoresAreTheLocalOnes() {
        float[] local = run.result().scores("onnx-fp32");
        for (String served : new String[] {"served-http", "served-json", "served-grpc"}) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(local, run.result().scores(served), served);
            assertEquals(1.0, variant(served).classes().top1Agreement(), 0, served);
        }
    }

    private static RunSummary.VariantInfo variant(String name) {
        return summary.variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static GateResult gate(String variant, GateName gate) {
        return summary.decision().gates().stream().filter(g -> g.variant().equals(variant) && g.gate() == gate)
                .findFirst().orElseThrow(() -> new AssertionError("no gate " + gate + " for " + variant));
    }

    @Test
    void theSwapFailsNamingTheSwappedClassesAndTheConversionsPass() {
        assertEquals(RunSession.GATE_FAILED, run.exitCode(), run.table());
        // recorded in the history store like any run (its variants' agreement and flips included)
        assertTrue(run.recorded() != null && run.recorded().startsWith("recorded as run #"), run.recorded());
        assertEquals(GateResult.Status.FAIL, gate("swapped", GateName.MIN_TOP1_AGREEMENT).status());
        List<RunSummary.ClassFlip> flips = variant("swapped").classes().flips();
        // only the two swapped classes' cells: every east sample goes south and every south sample east
        assertEquals(2, flips.size(), flips.toString());
        assertEquals(List.of("east", "south"), flips.stream().map(RunSummary.ClassFlip::from).sorted().toList());
        for (RunSummary.ClassFlip f : flips) {
            assertEquals(f.from().equals("east") ? "south" : "east", f.to());
        }
        assertEquals(GateResult.Status.FAIL, gate("onnx-int8-clipped", GateName.MIN_TOP1_AGREEMENT).status(),
                summary.decision().gates().toString());
        for (String ok : List.of("onnx-fp16", "onnx-int8")) {
            assertEquals(GateResult.Status.PASS, gate(ok, GateName.MIN_TOP1_AGREEMENT).status(), ok);
            assertEquals(GateResult.Status.PASS, gate(ok, GateName.MAX_ACCURACY_DROP).status(), ok);
        }
        // binary gates are not held to a multi-class score, and no threshold ships
        assertTrue(summary.decision().gates().stream().noneMatch(g -> g.gate() == GateName.MIN_AGREEMENT));
        assertTrue(Double.isNaN(summary.decision().recommendation().threshold()));
        assertNotNull(summary.decision().recommendation().variant());
        assertTrue(summary.decision().recommendation().variant().startsWith("onnx-"));
        assertNull(variant("swapped").atReferenceThreshold());
    }

    /** Top-1 agreement, the flip matrix, accuracy and per-class recall, recomputed from the scores. */
    @Test
    void everyFigureEqualsARecomputation() {
        float[] ref = run.result().scores(run.result().spec().reference());
        long[] labels = model.labels(N);
        int refCorrect = 0;
        for (int i = 0; i < N; i++) if (argmax(ref, i) == labels[i]) refCorrect++;
        assertEquals((double) refCorrect / N, summary.classes().referenceAccuracy(), 0);
        for (RunSummary.VariantInfo v : summary.variants()) {
            if (v.status() != dev.parity.harness.results.VariantStatus.OK) {
                assertNull(v.classes(), v.name() + " did not run"); // onnx-cuda, where there is no GPU
                continue;
            }
            float[] s = run.result().scores(v.name());
            long agree = 0, correct = 0, overlap2 = 0;
            long[][] m = new long[K + 1][K + 1];
            for (int i = 0; i < N; i++) {
                int a = argmax(ref, i), b = argmax(s, i);
                m[a][b]++;
                if (a == b) agree++;
                if (b == labels[i]) correct++;
                overlap2 += shared(top2(ref, i), top2(s, i));
            }
            RunSummary.VariantClasses c = v.classes();
            assertEquals((double) agree / N, c.top1Agreement(), 0, v.name());
            assertEquals(N - agree, c.changed(), v.name());
            assertEquals(N - agree, c.changedSamples().size(), v.name());
            assertEquals((double) correct / N, c.accuracy(), 0, v.name());
            assertEquals(overlap2 / 2.0 / N, c.topKOverlap(), 1e-12, v.name());
            for (int a = 0; a < K; a++) {
                for (int b = 0; b < K; b++) assertEquals(m[a][b], c.flipMatrix().get(a).get(b), v.name());
            }
        }
        // the swap, recomputed: swapped's classes are the reference's with east and south exchanged
        float[] sw = run.result().scores("swapped");
        for (int i = 0; i < N; i++) {
            int a = argmax(ref, i);
            assertEquals(a == 1 ? 2 : a == 2 ? 1 : a, argmax(sw, i));
        }
    }

    /**
     * parity localise on a multi-class variant: its probe holds every sample that changed class (then those whose two
     * top classes are closest), and the layers are ranked by the class changes keeping each in FP32 undoes.
     */
    @Test
    void localiseRanksLayersByTheClassChangesTheyUndo() {
        long changed = variant("onnx-int8-clipped").classes().changed();
        var found = dev.parity.harness.localise.Localisation.localise(run.result().spec(), "onnx-int8-clipped",
                dir.resolve("cache"), (int) changed + 20, 2, m -> { });
        var report = found.report();
        assertTrue(Double.isNaN(report.threshold()), "no threshold: the decision is the top class");
        assertEquals(changed + 20, report.probeSamples());
        assertEquals(changed, report.probeFlips());
        assertTrue(!report.attribution().isEmpty(), report.toString());
        var best = report.attribution().get(0);
        assertTrue(best.fixed() > 0, "keeping the best node in FP32 undoes some class changes: " + best);
        assertTrue(dev.parity.harness.output.LocaliseTable.summary(report).contains("changed class"),
                dev.parity.harness.output.LocaliseTable.summary(report));
        // and repaired: nodes kept in FP32 until the variant meets the multi-class gates, each trial scored on the
        // whole dataset; every node of the graph in FP32 is the FP32 model, so a trial that passes exists
        var repair = dev.parity.harness.localise.Localisation.repair(found, null, 8, 0, 0, "repaired", m -> { });
        assertEquals(0.99, repair.minAgreement(), 0); // min_top1_agreement's default
        assertEquals(variant("onnx-int8-clipped").classes().top1Agreement(), repair.originalAgreement(), 1e-12);
        assertTrue(repair.passed(), repair.toString());
        var chosen = repair.trials().get(repair.chosen());
        assertTrue(chosen.agreement() >= 0.99 && chosen.failedGates().isEmpty(), chosen.toString());
    }

    /** An identity: the FP32 ONNX export agrees with its TorchScript original to float32 rounding, class by class. */
    @Test
    void theExportAgreesWithTheTorchScriptReference() {
        assumeTrue(torch, "no Python with torch here: the TorchScript reference is not made");
        GateResult cross = gate("pytorch", GateName.REFERENCE_CROSS_CHECK);
        assertEquals(GateResult.Status.PASS, cross.status(), cross.detail());
        RunSummary.VariantInfo export = variant("onnx-fp32");
        assertEquals(1.0, export.classes().top1Agreement(), 0);
        assertTrue(export.scoreDrift().maxAbsolute() <= 1e-5, export.scoreDrift().toString());
    }

    @Test
    void perClassOperatingPointsReachTheTargetAgainstTheLabels() {
        float[] ref = run.result().scores(run.result().spec().reference());
        long[] labels = model.labels(N);
        for (int c = 0; c < K; c++) {
            RunSummary.ClassInfo info = summary.classes().perClass().get(c);
            assertNotNull(info.threshold(), info.toString());
            long tp = 0, predicted = 0;
            for (int i = 0; i < N; i++) {
                if (ref[i * K + c] >= info.threshold()) {
                    predicted++;
                    if (labels[i] == c) tp++;
                }
            }
            assertTrue((double) tp / predicted >= 0.9, info.toString());
            assertEquals((double) tp / predicted, info.thresholdPrecision(), 1e-12);
        }
    }

    @Test
    void theReportsSayWhatChanged() throws IOException {
        String html = Files.readString(dir.resolve("run/report.html"));
        assertTrue(html.contains("east"), "the report names the classes");
        String md = Files.readString(dir.resolve("run/report.md"));
        assertTrue(md.contains("min_top1_agreement"), md);
        String junit = Files.readString(dir.resolve("run/junit.xml"));
        assertTrue(junit.contains("swapped") && junit.contains("min_top1_agreement"), junit);
        assertTrue(run.table().contains("top-1"), run.table());
    }

    static int argmax(float[] s, int i) {
        int best = 0;
        for (int c = 1; c < K; c++) if (s[i * K + c] > s[i * K + best]) best = c;
        return best;
    }

    static int[] top2(float[] s, int i) {
        int a = argmax(s, i), b = a == 0 ? 1 : 0;
        for (int c = 0; c < K; c++) if (c != a && s[i * K + c] > s[i * K + b]) b = c;
        return new int[] {a, b};
    }

    static int shared(int[] x, int[] y) {
        int n = 0;
        for (int a : x) for (int b : y) if (a == b) n++;
        return n;
    }
}
