package dev.parity.harness.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.TestFiles;
import dev.parity.harness.cli.ParityCli;
import dev.parity.harness.results.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates, the recommendation and the reports, end to end through `parity eval` on tiny models: a broken variant
 * fails its gates (exit 1) and loses with the right reason; the HTML is self-contained and escapes spec text;
 * junit.xml counts match; baselines are checked; gates that cannot be evaluated are skipped, not passed.
 */
class GatesAndReportTest {
    static final int SAMPLES = 60;

    @TempDir
    Path dir;
    Path out;
    String stdout;
    String stderr;

    @BeforeEach
    void data() throws IOException {
        Random rnd = new Random(4);
        byte[] images = new byte[SAMPLES * 784];
        rnd.nextBytes(images);
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {SAMPLES, 28, 28}, images);
        byte[] labels = new byte[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) labels[i] = (byte) (i % 4 == 0 ? 1 : 0);
        TestFiles.uint8(dir.resolve("y.npy"), new long[] {SAMPLES}, labels);
        out = dir.resolve("out");
    }

    private String spec(String name, String labelsLine, String extraVariants, String extra) {
        return """
                name: '%s'
                dataset:
                  inputs: x.npy
                %s
                  preprocessing: {divide_by: 255, mean: [0.5], std: [0.5], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                target_precision: 0.2
                threshold_placeholder
                batch_size: 16
                reference: ref
                variants:
                  - {name: ref, runtime: onnxruntime, artifact: '%s'}
                  - {name: same, runtime: onnxruntime, artifact: '%s'}
                %s
                %s
                """.formatted(name, labelsLine, TestFiles.testModel("tiny.onnx"), TestFiles.testModel("tiny.onnx"),
                extraVariants, extra).replace("threshold_placeholder\n", labelsLine.isBlank() ? "threshold: 0.0\n" : "");
    }

    private int eval(String yaml, String... extraArgs) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);
        List<String> args = new java.util.ArrayList<>(List.of("eval", spec.toString(), "--out", out.toString(), "-q",
                "--cache", dir.resolve("cache").toString()));
        args.addAll(List.of(extraArgs));
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), args.toArray(new String[0]));
        stdout = o.toString();
        stderr = e.toString();
        return code;
    }

    private String nanVariant() {
        return "  - {name: broken, runtime: onnxruntime, artifact: '" + TestFiles.testModel("nan.onnx") + "'}";
    }

    @Test
    void brokenVariantFailsItsGatesAndLosesWithTheReason() throws Exception {
        int code = eval(spec("demo", "  labels: y.npy", nanVariant(), ""));
        assertEquals(1, code, "a failed gate exits 1; stderr: " + stderr);
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        JsonNode rec = s.at("/decision/recommendation");
        assertFalse(rec.get("variant").asText().equals("broken"));
        String reason = rec.at("/reasons/broken").asText();
        assertTrue(reason.startsWith("fails ") && reason.contains("max_nan_inf"), "every failed gate is named: " + reason);
        boolean nanGateFailed = false;
        for (JsonNode g : s.at("/decision/gates")) {
            if (g.get("variant").asText().equals("broken") && g.get("gate").asText().equals("max_nan_inf")) {
                nanGateFailed = g.get("status").asText().equals("FAIL");
                assertEquals(SAMPLES, g.get("measured").asDouble());
            }
        }
        assertTrue(nanGateFailed);
        assertTrue(stdout.contains("broken: fails "), stdout);

        // junit.xml: one case per variant x gate, failures counted, parseable
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        var suite = doc.getDocumentElement();
        long failed = 0;
        for (JsonNode g : s.at("/decision/gates")) if (g.get("status").asText().equals("FAIL")) failed++;
        assertEquals(String.valueOf(failed), suite.getAttribute("failures"));
        assertEquals(s.at("/decision/gates").size(), doc.getElementsByTagName("testcase").getLength());
        assertTrue(Files.readString(out.resolve("report.md")).contains("**FAIL**"));
    }

    @Test
    void htmlReportIsSelfContainedStructuredAndEscaped() throws IOException {
        String hostile = "<script>alert(1)</script> & \"quotes\"";
        assertEquals(0, eval(spec(hostile, "  labels: y.npy", "", "")), stderr);
        String html = Files.readString(out.resolve("report.html"));
        assertFalse(html.contains("<script>alert(1)</script>"), "spec text is escaped");
        Document d = Jsoup.parse(html);
        assertTrue(d.select("script").isEmpty(), "no script in the report");
        assertTrue(d.title().contains(hostile), "the escaped text still reads the same: " + d.title());
        Element rec = d.getElementById("recommendation");
        assertTrue(rec != null && rec.text().contains("Ship"), String.valueOf(rec));
        assertTrue(rec.text().contains("Rule:"), "the rule is printed");
        for (String id : List.of("gates", "variants", "plots", "confusion", "flips", "provenance")) {
            assertTrue(d.getElementById(id) != null, "section " + id);
        }
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(s.at("/decision/gates").size(), d.select("table.gates tbody tr").size());
        for (Element img : d.select("img")) {
            assertTrue(img.attr("src").startsWith("data:image/png;base64,"), "embedded image");
            assertFalse(img.attr("alt").isBlank());
        }
        assertTrue(d.select("img").size() >= 3, "PR curve, scatter and differences");
        assertTrue(d.select("link[href], script[src], img[src^=http]").isEmpty(), "nothing loaded from outside");
    }

    @Test
    void withoutLabelsTheGroundTruthGatesAreSkippedNotPassed() throws IOException {
        assertEquals(0, eval(spec("nolabels", "", "", "")), stderr);
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        int skipped = 0;
        for (JsonNode g : s.at("/decision/gates")) {
            if (g.get("gate").asText().startsWith("max_precision") || g.get("gate").asText().startsWith("max_recall")) {
                assertEquals("SKIPPED", g.get("status").asText());
                assertTrue(g.get("detail").asText().contains("no labels"));
                skipped++;
            }
        }
        assertEquals(4, skipped, "two gates for each of two variants");
        assertTrue(Files.readString(out.resolve("junit.xml")).contains("<skipped"));
    }

    @Test
    void latencyBudgetWithoutABenchmarkIsSkipped() throws IOException {
        assertEquals(0, eval(spec("budget", "  labels: y.npy", "", "gates: {max_p99_latency_ms: 5}")), stderr);
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        boolean seen = false;
        for (JsonNode g : s.at("/decision/gates")) {
            if (g.get("gate").asText().equals("max_p99_latency_ms")) {
                assertEquals("SKIPPED", g.get("status").asText());
                seen = true;
            }
        }
        assertTrue(seen);
    }

    @Test
    void baselineOfTheSameRunPassesAndARegressionFails() throws IOException {
        assertEquals(0, eval(spec("base", "  labels: y.npy", "", "")));
        Path base = Files.copy(out.resolve("summary.json"), dir.resolve("baseline.json"));
        assertEquals(0, eval(spec("base", "  labels: y.npy", "", ""), "--baseline", base.toString()), stderr);

        // make the baseline claim a better agreement than this run can reach
        String text = Files.readString(base).replaceAll("\"agreement\" : 1\\.0", "\"agreement\" : 1.5");
        Files.writeString(base, text);
        assertEquals(1, eval(spec("base", "  labels: y.npy", "", ""), "--baseline", base.toString()));
        assertTrue(stdout.contains("no_regression: agreement at the reference threshold fell: 150.00% -> 100.00%"),
                stdout);
    }

    @Test
    void baselineOfAnotherDatasetOrSchemaIsRefused() throws IOException {
        assertEquals(0, eval(spec("base", "  labels: y.npy", "", "")));
        Path base = Files.copy(out.resolve("summary.json"), dir.resolve("baseline.json"));
        Files.writeString(base, Files.readString(base).replaceFirst("\"sha256\" : \"[0-9a-f]{64}\",\n      \"shape\"",
                "\"sha256\" : \"" + "0".repeat(64) + "\",\n      \"shape\""));
        assertEquals(2, eval(spec("base", "  labels: y.npy", "", ""), "--baseline", base.toString()));
        assertTrue(stderr.contains("the baseline evaluated another dataset"), stderr);
        assertFalse(Files.exists(out.resolve("nothing")));
        assertEquals(0, eval(spec("base", "  labels: y.npy", "", ""), "--baseline", base.toString(),
                "--force-baseline"), stderr);

        Files.writeString(base, Files.readString(base).replace("\"schema_version\" : 1", "\"schema_version\" : 99"));
        assertEquals(2, eval(spec("base", "  labels: y.npy", "", ""), "--baseline", base.toString()));
        assertTrue(stderr.contains("schema_version 99"), stderr);
    }

    /** The real browser check; runs only where Chromium is installed (apt-get install chromium). */
    @Test
    void rendersInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed here");
        assertEquals(0, eval(spec("browser", "  labels: y.npy", "", "")), stderr);
        Path script = TestFiles.demoDir().getParent().getParent().resolve("scripts/render-report.sh");
        Path png = dir.resolve("report.png");
        Process p = new ProcessBuilder(script.toString(), out.resolve("report.html").toString(), png.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertTrue(Files.size(png) > 10_000, "a real screenshot");
    }
}
