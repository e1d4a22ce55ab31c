package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.TestFiles;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.output.RunWriter;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.MadeVariant;
import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.harness.triton.ConfigCheck;
import dev.parity.harness.triton.ShippedThreshold;
import dev.parity.harness.triton.TritonExport;
import dev.parity.harness.triton.schema.TritonModelConfig.ModelConfig;
import dev.parity.metrics.OperatingPoint;
import dev.parity.runners.CudaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped demo, end to end, checked against independent truth: torch 1.13's own metrics (computed by the
 * script that made the model, in Python) and the identity "an FP32 ONNX export agrees with TorchScript".
 */
class DemoParityTest {
    static EvaluationResult result;

    @TempDir
    static Path cache;

    @BeforeAll
    static void evaluateDemo() {
        ResolvedSpec spec = SpecLoader.load(TestFiles.demoDir().resolve("eval.yaml"));
        result = Evaluation.run(spec, cache, m -> { });
    }

    private static VariantScores variant(String name) {
        return result.variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    /** The run folder of the demo's evaluation with this decision, as a run writes it. */
    private static dev.parity.harness.results.RunSummary write(dev.parity.harness.results.Decision d, Path out)
            throws IOException {
        dev.parity.harness.results.RunSummary s = dev.parity.harness.output.SummaryFactory.from(result, d);
        RunWriter.write(s, result, BenchFigures.none(), null, null, dev.parity.harness.output.ScoresFormat.AUTO, out);
        return s;
    }

    @Test
    void onnxFp32AgreesWithTorchScriptOnAllTenThousandImages() {
        Comparison c = result.comparisons().get("onnx-fp32");
        assertEquals(10_000, c.drift().compared());
        assertEquals(0, c.drift().nanCount() + c.drift().infCount());
        assertTrue(c.drift().maxAbsolute() <= 1e-4, "max |diff| " + c.drift().maxAbsolute());
        // cross-check the drift figure directly from the raw scores
        float[] ref = variant("pytorch").scores();
        float[] onnx = variant("onnx-fp32").scores();
        double max = 0;
        for (int i = 0; i < ref.length; i++) max = Math.max(max, Math.abs((double) ref[i] - onnx[i]));
        assertEquals(max, c.drift().maxAbsolute(), 1e-12);
    }

    @Test
    void referenceOperatingPointMatchesTorchsOwnFigures() throws IOException {
        JsonNode python = new ObjectMapper().readTree(TestFiles.demoDir().resolve("reference_metrics.json").toFile());
        OperatingPoint p = result.operatingPoint();
        assertTrue(p.precision() >= 0.9);
        assertTrue(p.recall() >= 0.6 && p.recall() <= 0.95, "recall " + p.recall());
        assertEquals(python.get("positives").asLong(), p.positives());
        // libtorch 2.7 (DJL) vs torch 1.13 differ in the last bits; the operating point must not move
        assertEquals(python.get("recall").asDouble(), p.recall(), 1e-3);
        assertEquals(python.get("precision").asDouble(), p.precision(), 1e-3);
        // torch's script reports the lowest admitted score; Parity's threshold sits just below it, between samples
        assertEquals(python.get("threshold_at_precision_0.9").asDouble(), p.scoreAbove(), 1e-4);
        assertTrue(p.scoreBelow() < p.threshold() && p.threshold() < p.scoreAbove(), "strictly between two scores");
    }

    @Test
    void verdictsAndRecalibrationAreConsistent() {
        Comparison self = result.comparisons().get("pytorch");
        assertEquals(0.0, self.drift().maxAbsolute());
        assertEquals(1.0, self.atReference().agreement());
        assertEquals(result.operatingPoint().threshold(), self.recalibration().threshold());
        Comparison onnx = result.comparisons().get("onnx-fp32");
        assertTrue(onnx.recalibration().agreeingAfter() >= onnx.recalibration().agreeingBefore());
        assertEquals(onnx.atReference().flips(),
                onnx.recalibration().samples() - onnx.recalibration().agreeingBefore());
    }

    @Test
    void precisionVariantsKeepTheDecisions() {
        Comparison fp16 = result.comparisons().get("onnx-fp16");
        assertTrue(fp16.atReference().agreement() >= 0.999, "fp16 agreement " + fp16.atReference().agreement());
        Comparison int8 = result.comparisons().get("onnx-int8");
        assertTrue(int8.recalibration().agreementAfter() >= 0.995,
                "int8 agreement after recalibration " + int8.recalibration().agreementAfter());
        assertTrue(int8.drift().maxAbsolute() > fp16.drift().maxAbsolute(), "int8 drifts more than fp16");
        Comparison int8Trt = result.comparisons().get("onnx-int8-trt");
        assertTrue(int8Trt.recalibration().agreementAfter() >= 0.99);
        MadeVariant made = result.made().get("onnx-int8");
        assertEquals("int8-qdq", made.converter());
        assertEquals("percentile", made.settings().get("calibration"));
        assertEquals(64, made.calibrationSha256().length());
    }

    @Test
    void tensorRtIsUnavailableWithoutAGpu() {
        assumeFalse(CudaProbe.driverPresent());
        VariantScores trt = variant("tensorrt-int8");
        assertEquals(VariantStatus.UNAVAILABLE, trt.status());
        assertTrue(trt.reason().contains("NVIDIA driver"), trt.reason());
    }

    @Test
    void writesSummaryAndScores(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        write(DecisionMaker.decide(result, BenchFigures.none(), java.util.List.of(), null), out);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(1, s.get("schema_version").asInt());
        assertEquals(64, s.at("/dataset/inputs/sha256").asText().length());
        assertEquals(64, s.at("/variants/1/artifact/sha256").asText().length());
        assertEquals("onnxruntime", s.at("/variants/1/runtime").asText());
        assertTrue(s.at("/variants/1/runtime_version").asText().startsWith("onnxruntime 1."));
        assertEquals(10_000, s.at("/variants/1/score_drift/compared").asLong());
        for (String f : List.of("report.html", "report.md", "junit.xml")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        // no speed figures here: the rule then ships the passing candidate closest to the reference other than the
        // reference itself: the FP32 export, which flips nothing
        assertEquals("onnx-fp32", s.at("/decision/recommendation/variant").asText());
        assertEquals("none", s.at("/decision/recommendation/figure_source").asText());
        List<String> lines = Files.readAllLines(out.resolve("scores.csv"));
        assertEquals(10_001, lines.size());
        assertEquals("sample_id,label,class,pytorch,onnx-fp32,onnx-fp16,onnx-int8,onnx-int8-trt", lines.get(0));
        String[] first = lines.get(1).split(",");
        assertEquals(variant("pytorch").scores()[0], Float.parseFloat(first[3]), "CSV round-trips exactly");
        assertEquals("test-00000", first[0], "samples are named by the metadata's ids");
        assertEquals("Ankle boot", first[2], "and carry their slice values");

        // a deployment reading scores.csv as float64 and applying the threshold as printed gets the run's verdicts
        double t = Double.parseDouble(dev.parity.harness.results.Format.threshold(s.at("/reference/threshold").asDouble()));
        for (int col = 4; col <= 7; col++) {
            JsonNode v = s.at("/variants/" + (col - 3));
            double shipped = Double.parseDouble(dev.parity.harness.results.Format.threshold(
                    v.at("/recalibration/threshold").asDouble()));
            long flips = 0, agreeAfter = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",");
                boolean ref = Double.parseDouble(c[3]) >= t;
                double score = Double.parseDouble(c[col]);
                if ((score >= t) != ref) flips++;
                if ((score >= shipped) == ref) agreeAfter++;
            }
            assertEquals(v.at("/at_reference_threshold/flips").asLong(), flips, v.get("name") + " flips as doubles");
            assertEquals(v.at("/recalibration/agreeing_after").asLong(), agreeAfter, v.get("name") + " after");
        }
    }

    /**
     * README's demo block (written by scripts/readme-demo.sh from a real ./run-eval.sh) shows what this Parity
     * prints for the demo: every line up to the decision, with the machine's own parts left out (the evaluation
     * loop's rate, which variant the speed probe ships, how this CPU's libtorch is run, score figures' last digits).
     * Before, the block drifted:
     * a variant row missing, a gate count and a threshold printed otherwise than Parity prints them.
     */
    @Test
    void theReadmesDemoBlockShowsWhatThisParityPrints(@TempDir Path dir) throws IOException {
        assumeFalse(CudaProbe.driverPresent(), "the block is a CPU machine's: TensorRT rows differ on a GPU");
        Path out = dir.resolve("run");
        dev.parity.harness.results.RunSummary s = write(DecisionMaker.decide(result, BenchFigures.none(), List.of(),
                null), out);
        String printed = dev.parity.harness.output.TerminalReport.render(s, out);
        String readme = Files.readString(Path.of("../README.md"));
        int a = readme.indexOf("<!-- demo-output:start -->"), b = readme.indexOf("<!-- demo-output:end -->");
        assertTrue(a > 0 && b > a, "README.md has the demo-output markers");
        assertEquals(String.join("\n", stableLines(printed)), String.join("\n", stableLines(readme.substring(a, b))),
                "README's demo block is stale: run scripts/readme-demo.sh");
    }

    /** The lines before the decision, without what depends on the machine or on timing. */
    static List<String> stableLines(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.matches("(PASSED|CANDIDATES FAILED|NOTHING QUALIFIES|REGRESSED|REFERENCE UNTRUSTED|INCOMPLETE):.*")) {
                break; // the decision: which variant ships rests on the speed probe
            }
            if (line.startsWith("<!--") || line.startsWith("```") || line.isBlank() || line.contains(" runs in a "
                    + "worker process")) {
                continue;
            }
            if (line.matches("\\S+( \\(ref\\))?( \\*)? +(ok|unavailable|failed) .*")) {
                // a variant row: without the ships mark and the loop's own rate (the last column)
                line = line.replace(" *", "  ").replaceAll("\\s+\\S+$", "").replaceAll("\\s+", " ");
            }
            // score-level figures (drift, thresholds to 8 digits) follow the reference's last bits, which another
            // CPU's kernels may round otherwise; the decisions (agreement, flips, matrices, gates) may not move
            out.add(line.replaceAll("\\d\\.\\d+e[+-]\\d+|\\b\\d+\\.\\d{5,}\\b", "#"));
        }
        return out;
    }

    @Test
    void theRecommendedVariantExportsAsATritonModelWhoseConfigParses(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        // constructed speed figures, clearly apart: the int8 variant is the fastest that passes every gate
        dev.parity.harness.run.SpeedSource figures = (candidates, latency) -> java.util.Map.of(
                "pytorch", new dev.parity.harness.results.Speed(900, 850, 950, 5),
                "onnx-fp32", new dev.parity.harness.results.Speed(4000, 3900, 4100, 5),
                "onnx-int8", new dev.parity.harness.results.Speed(8000, 7800, 8200, 5));
        write(DecisionMaker.decide(result, BenchFigures.none(), java.util.List.of(), null, figures), run);
        String recommended = ShippedThreshold.recommendedVariant(run);
        assertEquals("onnx-int8", recommended);
        ShippedThreshold shipped = ShippedThreshold.from(run, recommended);
        ResolvedSpec.Variant v = result.spec().variant(recommended).orElseThrow();
        TritonExport.Written w = TritonExport.write(result.spec(), v, result.artifact(recommended), null, shipped, null,
                new TritonExport.Options(recommended, 64, 1, false, null, 100), dir.resolve("models"));
        ModelConfig c = ConfigCheck.parse(Files.readString(w.folder().resolve("config.pbtxt")));
        assertEquals("onnxruntime_onnx", c.getPlatform());
        assertEquals(64, c.getMaxBatchSize());
        assertEquals(List.of(1L, 28L, 28L), c.getInput(0).getDimsList());
        assertEquals(List.of(1L), c.getOutput(0).getDimsList());
        assertEquals(Hashing.sha256(result.artifact(recommended)), Hashing.sha256(w.folder().resolve("1/model.onnx")));
        assertTrue(Files.readString(w.folder().resolve("README.md")).contains("**" + dev.parity.harness.results.Format.threshold(shipped.threshold()) + "**"));
    }
}
