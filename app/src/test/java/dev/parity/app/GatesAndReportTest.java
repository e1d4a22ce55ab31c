package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.TestFiles;
import dev.parity.app.ParityCli;
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
        // the gate matrix: one row per gated variant, one evaluated cell per gate
        assertEquals(s.at("/decision/gates").size(), d.select("table.gates tbody td.num:not(.cell-none)").size());
        assertEquals(2, d.select("table.gates tbody tr").size(), "ref and same");
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
        assertTrue(stdout.contains("REGRESSION same  no_regression:agreement: agreement at the reference threshold "
                + "fell: 150.00% -> 100.00%"), stdout);
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

    /**
     * A failing candidate and a baseline regression in one run: red headline, the baseline banner with the figure
     * that fell, every failed gate in the terminal, and a junit.xml with unique test names whose counts are the
     * report's.
     */
    @Test
    void failuresAndRegressionsComeFirstInEveryReport() throws Exception {
        assertEquals(1, eval(spec("mixed", "  labels: y.npy", nanVariant(), "")), stderr);
        Path base = Files.copy(out.resolve("summary.json"), dir.resolve("baseline.json"));
        Files.writeString(base, Files.readString(base).replaceAll("\"agreement\" : 1\\.0", "\"agreement\" : 1.5"));
        assertEquals(1, eval(spec("mixed", "  labels: y.npy", nanVariant(), ""), "--baseline", base.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals("regressed", s.at("/decision/outcome").asText());

        Document html = Jsoup.parse(out.resolve("report.html").toFile());
        assertTrue(html.getElementById("recommendation").hasClass("red"), "a regression is red");
        Element banner = html.getElementById("baseline");
        assertTrue(banner != null && banner.hasClass("bad") && banner.text().contains(base.toString())
                && banner.text().contains("fell: 150.00% -> 100.00%"), String.valueOf(banner));

        long failed = 0;
        for (JsonNode g : s.at("/decision/gates")) {
            if (!g.get("status").asText().equals("FAIL")) continue;
            failed++;
            String name = g.get("gate").asText() + (g.hasNonNull("aspect") ? ":" + g.get("aspect").asText() : "");
            assertTrue(stdout.contains(g.get("variant").asText() + "  " + name + ": " + g.get("detail").asText()),
                    "every failure in the terminal: " + name + "\n" + stdout);
        }
        assertTrue(failed >= 4, "nan gates and regressions: " + failed);

        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        var cases = doc.getElementsByTagName("testcase");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < cases.getLength(); i++) {
            var c = (org.w3c.dom.Element) cases.item(i);
            assertTrue(names.add(c.getAttribute("classname") + "/" + c.getAttribute("name")),
                    "unique test case " + c.getAttribute("classname") + "/" + c.getAttribute("name"));
        }
        assertTrue(names.contains("same/no_regression:agreement") && names.contains("same/no_regression:agreement_recalibrated"));
        var suite = doc.getDocumentElement();
        String counts = html.getElementById("recommendation").text();
        assertTrue(counts.contains(suite.getAttribute("failures") + " failed, " + suite.getAttribute("skipped")
                + " skipped"), "the report's counts are junit's: " + counts);
        boolean recommended = false;
        var props = doc.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            var p = (org.w3c.dom.Element) props.item(i);
            if (p.getAttribute("name").equals("parity.recommended_variant")) {
                recommended = p.getAttribute("value").equals(s.at("/decision/recommendation/variant").asText());
            }
        }
        assertTrue(recommended, "the recommendation is in the suite's properties");
        assertTrue(Files.readString(out.resolve("report.md")).contains("Baseline regression"));
    }

    /** At 1280 px the report fits its viewport: no table or image wider than the page. */
    @Test
    void theReportFitsA1280PixelWindow() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed here");
        assertEquals(1, eval(spec("a-long-spec-name-that-could-push-tables-wide", "  labels: y.npy", nanVariant()
                + "\n  - {name: a-rather-long-variant-name-int8, runtime: onnxruntime, artifact: '"
                + TestFiles.testModel("tiny.onnx") + "'}", "")), stderr);
        // a test-only copy with a script that writes the page's width where --dump-dom shows it
        String html = Files.readString(out.resolve("report.html")).replace("</body>",
                "<script>document.title = 'width=' + document.documentElement.scrollWidth;</script></body>");
        Path probe = Files.writeString(dir.resolve("width.html"), html);
        Path profile = Files.createTempDirectory(dir, "chromium");
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900", "--dump-dom",
                "file://" + probe).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<title>width=(\\d+)</title>").matcher(dom);
        assertTrue(m.find(), "the probe ran: " + dom.substring(0, Math.min(300, dom.length())));
        assertTrue(Integer.parseInt(m.group(1)) <= 1280, "page width " + m.group(1) + " px at a 1280 px window");
    }
}
