package dev.parity.harness.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parity.harness.ParityInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;

/** Reads an eval spec from YAML, naming the line, column and key of anything wrong. */
public final class SpecLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SpecLoader() {
    }

    /** Parses and validates; every problem is a {@link ParityInputException} naming the spec file. */
    public static ResolvedSpec load(Path specFile) {
        Parsed parsed = parse(specFile);
        return SpecValidator.resolve(specFile, parsed.spec(), parsed.locations());
    }

    /** A spec built from command-line flags (parity compare): checked the same way, messages name the flags. */
    public static ResolvedSpec fromFlags(EvalSpec spec) {
        try {
            return SpecValidator.resolve(Path.of("").toAbsolutePath().resolve("(command line)"), spec,
                    YamlLocations.index(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Parsed(EvalSpec spec, YamlLocations locations) {
    }

    /**
     * A spec from YAML text that no file holds (parity compare's, which prints the same text with --print-spec):
     * checked as a file is; {@code nominal} names it in messages and resolves relative paths.
     */
    public static ResolvedSpec fromText(Path nominal, String text, String origin) {
        Parsed parsed = parse(nominal, text);
        return SpecValidator.resolve(nominal, parsed.spec(), parsed.locations()).withOrigin(origin);
    }

    /** The spec a YAML text says, before any check (what {@link SpecWriter}'s round trip is held to). */
    static EvalSpec read(Path nominal, String text) {
        return parse(nominal, text).spec();
    }

    static Parsed parse(Path specFile) {
        String text;
        try {
            text = Files.readString(specFile);
        } catch (NoSuchFileException e) {
            throw new ParityInputException(specFile + ": spec file not found");
        } catch (IOException e) {
            throw new ParityInputException(specFile + ": cannot read the spec: " + e.getMessage());
        }
        return parse(specFile, text);
    }

    private static Parsed parse(Path specFile, String text) {
        YamlLocations locations;
        try {
            locations = YamlLocations.index(text);
        } catch (JsonProcessingException e) {
            throw new ParityInputException(specFile + where(e.getLocation()) + ": malformed YAML: "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ParityInputException(specFile + ": cannot read the spec: " + e.getMessage());
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#") || l.strip().equals("---"))) {
            throw new ParityInputException(specFile + ": the spec is empty");
        }
        try {
            EvalSpec spec = YAML.readValue(text, EvalSpec.class);
            if (spec == null) {
                throw new ParityInputException(specFile + ": the spec is empty");
            }
            return new Parsed(spec, locations);
        } catch (UnrecognizedPropertyException e) {
            String parent = path(e, e.getPath().size() - 1);
            String key = (parent.isEmpty() ? "" : parent + ".") + e.getPropertyName();
            throw new ParityInputException(specFile + locations.at(key) + ": unknown key '"
                    + e.getPropertyName() + "'" + in(e) + "; allowed here: " + allowed(e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            String at = locations.at(path(e, e.getPath().size()));
            throw new ParityInputException(specFile + (at.isEmpty() ? where(e.getLocation()) : at) + ": " + keyOf(e)
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ParityInputException(specFile + where(e.getLocation()) + ": malformed YAML: "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** " under 'dataset.preprocessing'", or "" at the top level. */
    private static String in(JsonMappingException e) {
        String parent = path(e, e.getPath().size() - 1);
        return parent.isEmpty() ? " at the top level" : " under '" + parent + "'";
    }

    private static String keyOf(JsonMappingException e) {
        String p = path(e, e.getPath().size());
        return p.isEmpty() ? "" : "key '" + p + "': ";
    }

    private static String path(JsonMappingException e, int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            JsonMappingException.Reference r = e.getPath().get(i);
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String allowed(Collection<Object> known) {
        return known.stream().map(Object::toString).sorted(Comparator.naturalOrder()).collect(Collectors.joining(", "));
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
