package dev.parity.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ConstructedRun;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.Decision;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.EvaluationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html rendered directly from a constructed run (no runtime, no command line): the gate matrix holds every
 * gate that was measured, failures are marked, the shipped variant carries the star everywhere, the trend shows
 * only when there is one, and the page is self-contained.
 */
class HtmlReportTest {
    static final int N = 300;

    @TempDir
    static Path dir;
    static EvaluationResult result;
    static RunSummary summary;

    @BeforeAll
    static void run() throws IOException {
        boolean[] y = ConstructedRun.labels(N, 4);
        float[] ref = new float[N], close = new float[N], broken = new float[N];
        Random r = new Random(3);
        for (int i = 0; i < N; i++) {
            ref[i] = (y[i] ? 1.5f : -1.5f) + 0.2f * (float) r.nextGaussian();
            close[i] = ref[i] + 1e-5f;
            broken[i] = -ref[i]; // every verdict flips
        }
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("close", close);
        scores.put("broken", broken);
        result = ConstructedRun.of(dir, scores, y, "");
        Decision d = DecisionMaker.decide(result, BenchFigures.none(), List.of(), null);
        summary = SummaryFactory.from(result, d);
    }

    private static Document render(String trend) {
        return Jsoup.parse(HtmlReport.render(summary, result, Map.of(), List.of(), List.of(), List.of(), trend));
    }

    @Test
    void theGateMatrixHasEveryMeasuredGateAndMarksTheFailures() {
        Document d = render(null);
        List<GateResult> gates = summary.decision().gates();
        assertEquals(gates.size(), d.select("table.gates tbody td.num:not(.cell-none)").size(), d.select("table.gates")
                .outerHtml());
        long failed = gates.stream().filter(g -> g.status() == GateResult.Status.FAIL).count();
        assertTrue(failed > 0, "the flipped variant fails: " + gates);
        assertEquals(failed, d.select("table.gates td.cell-fail").size());
        Element brokenRow = d.select("table.gates tbody tr").stream().filter(tr -> tr.text().startsWith("broken"))
                .findFirst().orElseThrow();
        assertFalse(brokenRow.select("td.cell-fail").isEmpty(), brokenRow.outerHtml());
    }

    @Test
    void theShippedVariantIsStarredInEveryTableAndTheOthersAreNot() {
        Document d = render(null);
        assertEquals("close", summary.decision().recommendation().variant());
        for (Element row : d.select("tr.shipped")) assertTrue(row.text().contains("close ★"), row.outerHtml());
        assertTrue(d.select("tr.shipped").size() >= 2, "the gate matrix and the variants table");
        assertTrue(d.select("tr:not(.shipped)").stream().noneMatch(tr -> tr.text().contains("★")));
        assertTrue(d.select("#recommendation").text().contains("close"), d.select("#recommendation").text());
    }

    @Test
    void theTrendShowsOnlyWhenGivenAndNothingIsLoadedFromOutside() {
        assertTrue(render(null).select("#trend").isEmpty());
        Document d = render("iVBORw0KGgo=");
        assertEquals(1, d.select("#trend").size());
        assertTrue(d.select("img[src=data:image/png;base64,iVBORw0KGgo=]").size() == 1);
        for (Element img : d.select("img")) assertTrue(img.attr("src").startsWith("data:image/"), img.outerHtml());
        assertTrue(d.select("script, link[href]").isEmpty(), "self-contained, no script");
    }
}
