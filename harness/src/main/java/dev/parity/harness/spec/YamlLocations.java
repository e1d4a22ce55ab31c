package dev.parity.harness.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML document is, by dotted path ("dataset.preprocessing.shape", "variants[1].device").
 * Jackson reports record-binding errors at the end of the enclosing object; this index lets messages point
 * at the key itself. Reading the document once with the streaming parser also catches malformed YAML, with
 * its line and column, before binding starts.
 */
final class YamlLocations {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Map<String, JsonLocation> byPath;

    private YamlLocations(Map<String, JsonLocation> byPath) {
        this.byPath = byPath;
    }

    /** @throws JsonProcessingException for malformed YAML, with its location */
    static YamlLocations index(String text) throws IOException {
        Map<String, JsonLocation> map = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t.isScalarValue() || t.isStructStart()) {
                    String path = path(p.getParsingContext());
                    map.putIfAbsent(path, p.currentTokenLocation());
                }
            }
        }
        return new YamlLocations(map);
    }

    /** " line L, column C" of the key at that path, or of its nearest enclosing key; "" when unknown. */
    String at(String path) {
        String p = path;
        while (true) {
            JsonLocation loc = byPath.get(p);
            if (loc != null) {
                return " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) return "";
            p = p.substring(0, cut);
        }
    }

    private static String path(JsonStreamContext ctx) {
        StringBuilder sb = new StringBuilder();
        build(ctx, sb);
        return sb.toString();
    }

    private static void build(JsonStreamContext ctx, StringBuilder sb) {
        if (ctx == null || ctx.inRoot()) return;
        build(ctx.getParent(), sb);
        if (ctx.inObject() && ctx.getCurrentName() != null) {
            if (sb.length() > 0) sb.append('.');
            sb.append(ctx.getCurrentName());
        } else if (ctx.inArray()) {
            sb.append('[').append(Math.max(0, ctx.getCurrentIndex())).append(']');
        }
    }
}
