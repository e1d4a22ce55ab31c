package dev.parity.harness.output;

import dev.parity.harness.results.Decision;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.VariantStatus;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * junit.xml: one test case per variant x gate (class name = variant, name = the gate's unique name, e.g.
 * {@code no_regression:agreement}), so CI servers list failures natively. Skipped gates are skipped test cases;
 * unavailable variants appear as one skipped "available" case, so the skipped count is the reports' count. The
 * suite's properties and system-out carry the outcome and the recommendation.
 */
public final class JunitXml {
    private JunitXml() {
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n    ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", value);
    }

    public static String render(RunSummary s) {
        Decision d = s.decision();
        List<GateResult> gates = d.gates();
        // an informational variant's failures are skipped cases: seen on the CI server, not failing it
        long failures = d.failures().size();
        long informational = d.informationalFailures().size();
        Map<String, String> unavailable = new TreeMap<>();
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.status() == VariantStatus.UNAVAILABLE) unavailable.put(v.name(), v.status() + ": " + v.reason());
        }
        long skipped = gates.stream().filter(g -> g.status() == GateResult.Status.SKIPPED).count() + unavailable.size()
                + informational;
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "parity." + s.spec().name());
            w.writeAttribute("tests", String.valueOf(gates.size() + unavailable.size()));
            w.writeAttribute("failures", String.valueOf(failures));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", String.valueOf(skipped));
            w.writeAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", s.run().durationSeconds()));
            w.writeAttribute("timestamp", s.run().startedAt());
            w.writeCharacters("\n  ");
            w.writeStartElement("properties");
            property(w, "parity.outcome", d.outcome() == null ? "" : d.outcome().label());
            // nothing ships when the reference is not trusted: empty values, not "null" or "NaN"
            boolean ships = d.recommendation().variant() != null;
            property(w, "parity.recommended_variant", ships ? d.recommendation().variant() : "");
            // a multi-class decision is the top class: no threshold ships
            boolean threshold = ships && !Double.isNaN(d.recommendation().threshold());
            property(w, "parity.recommended_threshold", threshold ? Format.threshold(d.recommendation().threshold())
                    : "");
            property(w, "parity.speed_source", String.valueOf(d.recommendation().figureSource()));
            if (d.baseline() != null) property(w, "parity.baseline", d.baseline());
            w.writeCharacters("\n  ");
            w.writeEndElement();
            w.writeCharacters("\n");
            for (GateResult g : gates) {
                w.writeCharacters("  ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", g.variant());
                w.writeAttribute("name", g.name());
                w.writeAttribute("time", "0");
                if (g.status() == GateResult.Status.FAIL && d.informational().contains(g.variant())) {
                    w.writeEmptyElement("skipped");
                    w.writeAttribute("message", "informational variant, not counted: " + g.detail());
                } else if (g.status() == GateResult.Status.FAIL) {
                    w.writeStartElement("failure");
                    w.writeAttribute("message", g.detail());
                    w.writeAttribute("type", "gate");
                    w.writeCharacters(g.variant() + " fails " + g.name() + ": " + g.detail());
                    w.writeEndElement();
                } else if (g.status() == GateResult.Status.SKIPPED) {
                    w.writeEmptyElement("skipped");
                    w.writeAttribute("message", g.detail());
                } else {
                    w.writeStartElement("system-out");
                    w.writeCharacters(g.detail());
                    w.writeEndElement();
                }
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            for (Map.Entry<String, String> e : unavailable.entrySet()) {
                w.writeCharacters("  ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", e.getKey());
                w.writeAttribute("name", "available");
                w.writeEmptyElement("skipped");
                w.writeAttribute("message", e.getValue());
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeCharacters("  ");
            w.writeStartElement("system-out");
            w.writeCharacters(Headline.outcome(d) + ": " + Headline.recommendation(s) + "\n" + Headline.gateCounts(s));
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write junit.xml", e);
        }
        return out.toString();
    }
}
