package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ClassModel;
import dev.parity.harness.TestFiles;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-head model made here: the nearest-centre classifier of {@link ClassModel} read as two binary decisions, "is it
 * north?" (element 0) and "is it east?" (element 1), each against its own labels. A copy whose last layer swaps
 * north and west breaks the north head only, and fails naming it; each head's figures are those of a binary run of
 * the same element (the second implementation: the binary pipeline itself).
 */
class MultiHeadRunTest {
    static final int N = 1600, D = 6, K = 4;
    @TempDir
    static Path dir;
    static RunSummary summary;
    static RunSession.Finished run;

    static final String DATA = """
            dataset: {inputs: x.npy, calibration: cal.npy, preprocessing: {shape: [6]}%s}
            """;
    static final String VARIANTS = """
            reference: onnx-fp32
            variants:
              - {name: onnx-fp32, runtime: onnxruntime, artifact: model.onnx}
              - {name: onnx-fp16, runtime: onnxruntime, from: onnx-fp32, convert: {precision: fp16}}
              - {name: north-broken, runtime: onnxruntime, artifact: swapped.onnx}
            """;

    @BeforeAll
    static void runIt() throws IOException {
        ClassModel model = new ClassModel(D, K, 21, 1.2);
        TestFiles.float32(dir.resolve("x.npy"), new long[] {N, D}, model.samples(N, 5));
        TestFiles.int64(dir.resolve("y.npy"), new long[] {N}, model.labels(N));
        TestFiles.float32(dir.resolve("cal.npy"), new long[] {300, D}, model.samples(300, 6));
        model.write(dir.resolve("model.onnx"), -1, -1);
        model.write(dir.resolve("swapped.onnx"), 0, 3);
        Files.writeString(dir.resolve("heads.yaml"), "name: two-heads\n" + DATA.formatted("") + """
                model:
                  input: x
                  output: logits
                  heads:
                    - {name: north, index: 0, labels: y.npy, positive_label: '0'}
                    - {name: east, index: 1, labels: y.npy, positive_label: '1', target_precision: 0.95}
                target_precision: 0.9
                """ + VARIANTS);
        run = session("heads", dir.resolve("run"));
        summary = RunFileCodec.readSummary(dir.resolve("run/summary.json"));
    }

    static RunSession.Finished session(String spec, Path out) {
        List<String> progress = new ArrayList<>();
        return RunSession.run(SpecLoader.load(dir.resolve(spec + ".yaml")), RunSession.scoring(false),
                RunSession.Settings.defaults(progress::add, progress::add).withFolder(out)
                        .withCache(dir.resolve("cache")).withStore(dir.resolve("store.sqlite"), true)
                        .withSpeedProbe(0));
    }

    static GateResult gate(RunSummary s, String variant, String name) {
        return s.decision().gates().stream().filter(g -> g.variant().equals(variant) && g.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no gate " + name + " of " + variant + " in "
                        + s.decision().gates()));
    }

    @Test
    void aVariantThatBreaksOneHeadFailsNamingThatHead() {
        assertEquals(RunSession.GATE_FAILED, run.exitCode(), run.table());
        // recorded in the history store like any run (its variants' agreement and flips included)
        assertTrue(run.recorded() != null && run.recorded().startsWith("recorded as run #"), run.recorded());
        GateResult north = gate(summary, "north-broken", "min_agreement:north");
        assertEquals(GateResult.Status.FAIL, north.status());
        assertTrue(north.detail().startsWith("head 'north': "), north.detail());
        assertEquals(GateResult.Status.PASS, gate(summary, "north-broken", "min_agreement:east").status());
        assertEquals(GateResult.Status.PASS, gate(summary, "onnx-fp16", "min_agreement:north").status());
        assertEquals(GateResult.Status.PASS, gate(summary, "onnx-fp16", "min_agreement:east").status());
        // the variant that fails one head does not ship; each head's threshold is in the sentence
        String ships = summary.decision().recommendation().variant();
        assertTrue(ships.startsWith("onnx-"), ships);
        assertTrue(run.table().contains("with a threshold per head: north positive iff score >= "), run.table());
        assertTrue(run.table().contains("Head 'east' (element 1 of the output, none):"), run.table());
        assertTrue(summary.decision().gates().stream().noneMatch(g -> g.gate() == GateName.MIN_TOP1_AGREEMENT));
    }

    /** Each head is the binary run of its element: the same threshold, flips and recalibration, to the bit. */
    @Test
    void eachHeadIsTheBinaryRunOfItsElement() throws IOException {
        String[] heads = {"north", "east"};
        for (int j = 0; j < 2; j++) {
            Files.writeString(dir.resolve("binary" + j + ".yaml"), "name: binary" + j + "\n"
                    + DATA.formatted(", labels: y.npy, positive_label: '" + j + "'") + """
                    model: {input: x, output: logits, score: {index: %d}}
                    target_precision: %s
                    """.formatted(j, j == 0 ? "0.9" : "0.95") + VARIANTS);
            RunSummary binary = session("binary" + j, dir.resolve("binary" + j)).summary();
            RunSummary.HeadInfo head = summary.heads().get(j);
            assertEquals(heads[j], head.name());
            assertEquals(binary.reference().threshold(), head.reference().threshold(), 0);
            assertEquals(binary.reference().vsGroundTruth(), head.reference().vsGroundTruth());
            for (RunSummary.VariantInfo v : binary.variants()) {
                RunSummary.VariantInfo h = head.variants().stream().filter(x -> x.name().equals(v.name()))
                        .findFirst().orElseThrow();
                assertEquals(v.atReferenceThreshold(), h.atReferenceThreshold(), v.name());
                assertEquals(v.recalibration(), h.recalibration(), v.name());
                assertEquals(v.scoreDrift(), h.scoreDrift(), v.name());
            }
        }
    }

    /**
     * One head localised: the head as a binary spec of its own (its element, labels, threshold) reproduces the
     * head's threshold in the multi-head run, and localise works on it; the whole multi-head spec is refused, naming
     * the heads to choose from.
     */
    @Test
    void localiseWorksOnOneHead() throws IOException {
        var spec = SpecLoader.load(dir.resolve("heads.yaml"));
        var request = new dev.parity.harness.pipeline.LocaliseSession.Request(dir.resolve("heads.yaml"),
                spec.binaryHead("east", "--head"), "onnx-fp16", dir.resolve("localised"), dir.resolve("cache"), 40, 1,
                m -> { });
        var found = dev.parity.harness.pipeline.LocaliseSession.localise(request);
        assertEquals(summary.heads().get(1).reference().threshold(), found.report().threshold(), 0);
        assertEquals(40, found.report().probeSamples());
        var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> dev.parity.harness.pipeline.LocaliseSession.localise(new dev.parity.harness.pipeline
                        .LocaliseSession.Request(dir.resolve("heads.yaml"), spec, "onnx-fp16", dir.resolve("l2"),
                        dir.resolve("cache"), 40, 1, m -> { })));
        assertTrue(refused.getMessage().contains("give --head NAME (one of [north, east])"), refused.getMessage());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> spec.binaryHead("west", "--head")).getMessage().contains("--head west: no such head; the heads "
                + "are [north, east]"));
    }

    /** Exported for Triton: the variant's own threshold per head, read from the run, in the model's README. */
    @Test
    void exportedWithAThresholdPerHead() throws IOException {
        var shipped = dev.parity.harness.triton.ShippedThreshold.from(dir.resolve("run"), "onnx-fp16");
        for (RunSummary.HeadInfo h : summary.heads()) {
            double own = h.variants().stream().filter(v -> v.name().equals("onnx-fp16")).findFirst().orElseThrow()
                    .recalibration().threshold();
            assertEquals(own, shipped.heads().get(h.name()), 0, h.name());
        }
        var spec = SpecLoader.load(dir.resolve("heads.yaml"));
        var written = dev.parity.harness.triton.TritonExport.write(spec, spec.variant("onnx-fp32").orElseThrow(),
                dir.resolve("model.onnx"), null, dev.parity.harness.triton.ShippedThreshold.from(dir.resolve("run"),
                        "onnx-fp32"), null, new dev.parity.harness.triton.TritonExport.Options("heads", 16, 1, false,
                        null, 100), dir.resolve("triton"));
        String readme = Files.readString(written.folder().resolve("README.md"));
        for (RunSummary.HeadInfo h : summary.heads()) {
            assertTrue(readme.contains("| " + h.name() + " | " + h.index() + " | as the model returns it | `score >= "
                    + dev.parity.harness.results.Format.threshold(h.reference().threshold()) + "` |"), readme);
        }
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> dev.parity.harness.triton.TritonExport.write(spec, spec.variant("onnx-fp32").orElseThrow(),
                        dir.resolve("model.onnx"), null, null, 0.5, new dev.parity.harness.triton.TritonExport.Options(
                                "heads2", 16, 1, false, null, 100), dir.resolve("triton"))).getMessage()
                .contains("each with its own threshold"));
    }

    /** Against a multi-head baseline (here the run itself), each head's two agreement figures are held, named. */
    @Test
    void aBaselineHoldsEachHead() {
        List<GateResult> checks = dev.parity.harness.decide.BaselineCheck.compare(run.result(), summary);
        List<String> names = checks.stream().filter(g -> g.variant().equals("onnx-fp16")).map(GateResult::name)
                .toList();
        assertEquals(List.of("no_regression:agreement:north", "no_regression:agreement_recalibrated:north",
                "no_regression:agreement:east", "no_regression:agreement_recalibrated:east"), names);
        assertTrue(checks.stream().allMatch(g -> g.status() == GateResult.Status.PASS), checks.toString());
        assertTrue(checks.get(0).detail().startsWith("head 'north': agreement at the reference threshold"),
                checks.get(0).detail());
    }

    @Test
    void theReportsHaveASectionPerHead() throws IOException {
        String html = Files.readString(dir.resolve("run/report.html"));
        assertTrue(html.contains("id=\"head-north\"") && html.contains("id=\"head-east\""), "a section per head");
        String md = Files.readString(dir.resolve("run/report.md"));
        assertTrue(md.contains("## Head 'north'") && md.contains("## Head 'east'"), md);
        assertTrue(md.contains("min_agreement:north"), md);
        String junit = Files.readString(dir.resolve("run/junit.xml"));
        assertTrue(junit.contains("min_agreement:north"), junit);
        assertNotNull(summary.heads().get(0).statistics().get("north-broken"));
    }
}
