package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** Reads a run folder back as a user's tools would, and checks that every file of a finished run is there and parses. */
final class RunFiles {
    private RunFiles() {
    }

    /** Every report file present and parseable by a standard parser; returns summary.json. */
    static JsonNode requireComplete(Path run, int samples) throws Exception {
        for (String f : new String[] {"summary.json", "scores.csv", "report.html", "report.md", "junit.xml",
                "shard.json", ".parity-run"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " in " + run);
        }
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile()); // strict JSON: no NaN
        assertEquals(1, summary.path("schema_version").asInt());
        assertNotNull(summary.at("/decision/recommendation/variant").asText(null));
        org.w3c.dom.Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(run.resolve("junit.xml").toFile());
        assertEquals("testsuite", junit.getDocumentElement().getTagName());
        Document html = Jsoup.parse(run.resolve("report.html").toFile());
        assertFalse(html.select("#recommendation").isEmpty(), "report.html has the recommendation");
        assertFalse(html.text().contains("internal error"), "no error text in the report");
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.startsWith("#") && md.contains(summary.at("/decision/recommendation/variant").asText()), md);
        assertEquals(samples + 1, Files.readAllLines(run.resolve("scores.csv")).size());
        return summary;
    }

    /** scores.csv as text columns by header name, so that equality means bit-identical floats. */
    static Map<String, List<String>> scoreColumns(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("scores.csv"));
        String[] header = lines.get(0).split(",", -1);
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String h : header) cols.put(h, new ArrayList<>());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            for (int i = 0; i < header.length; i++) cols.get(header[i]).add(cells[i]);
        }
        return cols;
    }

    /** The variant's entry in summary.json. */
    static JsonNode variant(JsonNode summary, String name) {
        for (JsonNode v : summary.path("variants")) {
            if (v.path("name").asText().equals(name)) return v;
        }
        throw new AssertionError("no variant " + name + " in summary.json");
    }

    /** The status of one gate of one variant ("PASS", "FAIL", "SKIPPED"), or null when it was not evaluated. */
    static String gate(JsonNode summary, String variant, String gate) {
        for (JsonNode g : summary.at("/decision/gates")) {
            if (g.path("variant").asText().equals(variant) && g.path("gate").asText().equals(gate)) {
                return g.path("status").asText();
            }
        }
        return null;
    }
}
