package dev.parity.harness.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link EvalSpec} as YAML that {@link SpecLoader} reads back to the same EvalSpec: the one place spec
 * text is made (parity init, compare --print-spec, localise's repair fragment). Keys come from the record through the
 * loader's own naming, so a key renamed in EvalSpec is renamed here too. Sections are block mappings, small
 * mappings of scalars (a score, a conversion) and every variant are one flow line each, and comments (the guesses
 * init made, what a line is for) go at the end of the line they explain.
 */
public final class SpecWriter {
    /** The loader's naming (snake_case), absent fields left out. */
    private static final ObjectMapper TREE = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /** Longest flow mapping written on its key's line; longer ones are written as blocks. */
    static final int FLOW_WIDTH = 100;
    private static final String INDENT = "  ";

    private final List<String> header = new ArrayList<>();
    private final Map<String, String> comments = new LinkedHashMap<>();

    /** Comment lines at the top of the spec (without the "# "). */
    public SpecWriter header(String line) {
        header.add(line);
        return this;
    }

    /**
     * A comment at the end of a key's line: {@code dataset.positive_label}, {@code model.score}, or {@code
     * variants.NAME} for a variant's line.
     */
    public SpecWriter comment(String keyPath, String text) {
        comments.put(keyPath, text);
        return this;
    }

    /** The spec as YAML text, ending in a newline. */
    public String write(EvalSpec spec) {
        List<String> out = new ArrayList<>();
        for (String h : header) out.add(("# " + h).stripTrailing());
        block(TREE.valueToTree(spec), "", 0, out);
        return String.join("\n", out) + "\n";
    }

    /**
     * One variant as the line of a spec's variants list ({@code   - {name: ..., ...}}), with its comment if one
     * was given as {@code variants.NAME}: what localise proposes to paste into a spec.
     */
    public String variantLine(EvalSpec.VariantSpec variant) {
        JsonNode v = TREE.valueToTree(variant);
        return withComment(INDENT + "- " + flow(v), "variants." + variant.name());
    }

    private void block(JsonNode map, String path, int depth, List<String> out) {
        String indent = INDENT.repeat(depth);
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject() && !fitsOnALine(value, indent + e.getKey(), key)) {
                out.add(withComment(indent + e.getKey() + ":", key));
                block(value, key, depth + 1, out);
            } else if (value.isArray() && e.getKey().equals("variants") && depth == 0) {
                out.add(withComment(indent + e.getKey() + ":", key));
                for (JsonNode v : value) {
                    String name = v.path("name").asText();
                    out.add(withComment(indent + INDENT + "- " + flow(v), key + "." + name));
                }
            } else {
                out.add(withComment(indent + string(e.getKey()) + ": " + flow(value), key));
            }
        }
    }

    /** Small mappings of scalars go on their key's line, unless a key inside has a comment of its own. */
    private boolean fitsOnALine(JsonNode map, String prefix, String path) {
        if (!((ObjectNode) map).properties().stream().allMatch(e -> scalarOrList(e.getValue()))) return false;
        if (comments.keySet().stream().anyMatch(k -> k.startsWith(path + "."))) return false;
        return prefix.length() + 2 + flow(map).length() <= FLOW_WIDTH;
    }

    private static boolean scalarOrList(JsonNode v) {
        if (v.isValueNode()) return true;
        if (!v.isArray()) return false;
        for (JsonNode x : v) if (!x.isValueNode()) return false;
        return true;
    }

    private String withComment(String line, String key) {
        String c = comments.get(key);
        return c == null ? line : line + "   # " + c;
    }

    /** A value in YAML's flow style: {a: 1, b: [x, y]}. */
    private static String flow(JsonNode v) {
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            v.fields().forEachRemaining(e -> parts.add(string(e.getKey()) + ": " + flow(e.getValue())));
            return "{" + String.join(", ", parts) + "}";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) parts.add(flow(x));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isNumber()) return number(v);
        if (v.isBoolean()) return v.asText();
        return string(v.asText());
    }

    /** Numbers as written by hand where exact (255, 0.9), else Java's round-tripping form. */
    private static String number(JsonNode v) {
        if (v.isIntegralNumber()) return v.asText();
        double d = v.doubleValue();
        if (!Double.isFinite(d)) return d > 0 ? ".inf" : d < 0 ? "-.inf" : ".nan";
        String plain = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        if (plain.length() <= 24) return plain;
        // YAML reads an exponent as a float only with a sign: 1.0E10 would be a string
        String s = Double.toString(d);
        return s.contains("E-") ? s : s.replace("E", "E+");
    }

    /** YAML words that a plain scalar would turn into something other than this string. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("true", "false", "yes", "no", "on", "off",
            "y", "n", "null", "~", "");

    /**
     * A plain scalar where YAML reads it back as this same string (paths, names, URLs), else double-quoted with
     * JSON's escapes (which YAML's double-quoted style shares).
     */
    static String string(String s) {
        // no ':' (a flow mapping's indicator in YAML 1.1 readers), and no indicator character first
        boolean plain = s.matches("[A-Za-z_./][A-Za-z0-9_./@+=-]*")
                && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT));
        if (plain) return s;
        try {
            return TREE.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
