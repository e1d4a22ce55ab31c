package dev.parity.harness.triton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.Json;
import dev.parity.harness.output.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The threshold a variant ships with, read from the run that evaluated it (its summary.json): the recommendation's
 * threshold for the recommended variant, else the variant's own recalibrated threshold, else the reference's.
 *
 * @param recommended    the run's recommended variant (may differ from {@code variant})
 * @param source         one sentence saying where the threshold comes from
 * @param artifactSha256 the SHA-256 of the file the run evaluated for this variant
 * @param failedGates    gates this variant failed in that run ("gate: detail"), empty when it passed them all
 */
public record ShippedThreshold(String variant, double threshold, String source, String recommended,
                               String artifactSha256, List<String> failedGates, Path summary) {

    /** The run's recommended variant, for when no --variant is given. */
    public static String recommendedVariant(Path runDir) {
        return read(runDir).path("decision").path("recommendation").path("variant").asText(null);
    }

    public static ShippedThreshold from(Path runDir, String variant) {
        JsonNode root = read(runDir);
        Path summary = runDir.resolve("summary.json");
        JsonNode v = null;
        for (JsonNode candidate : root.path("variants")) {
            if (variant.equals(candidate.path("name").asText())) v = candidate;
        }
        if (v == null) {
            List<String> names = new ArrayList<>();
            root.path("variants").forEach(n -> names.add(n.path("name").asText()));
            throw new ParityInputException(summary + ": the run has no variant '" + variant + "'; it has " + names);
        }
        if (!"ok".equals(v.path("status").asText())) {
            throw new ParityInputException(summary + ": variant '" + variant + "' was " + v.path("status").asText()
                    + " in that run (" + v.path("reason").asText("") + "); there is no threshold to ship");
        }
        JsonNode drift = v.path("score_drift");
        long nonFinite = drift.path("nan_count").asLong(0) + drift.path("inf_count").asLong(0);
        if (nonFinite > 0) {
            throw new ParityInputException(summary + ": variant '" + variant + "' gave " + nonFinite + " non-finite "
                    + "score(s) in that run (" + drift.path("nan_count").asLong(0) + " NaN, "
                    + drift.path("inf_count").asLong(0) + " Inf); a model whose outputs overflow or are undefined is "
                    + "not fit to serve, whatever threshold it ships with. Repair it (for an FP16 variant, keep the "
                    + "overflowing nodes in float32 with convert.block_nodes) and evaluate it again");
        }
        JsonNode rec = root.path("decision").path("recommendation");
        String recommended = rec.path("variant").asText(null);
        double threshold;
        String source;
        if (variant.equals(recommended) && rec.path("threshold").isNumber()) {
            threshold = rec.path("threshold").asDouble();
            source = "the run's recommendation (" + (rec.path("threshold_recalibrated").asBoolean()
                    ? "recalibrated for this variant" : "the reference's threshold") + ")";
        } else if (v.path("recalibration").path("changed").asBoolean(false)) {
            threshold = v.path("recalibration").path("threshold").asDouble();
            source = "this variant's recalibrated threshold (the run recommended '" + recommended + "', not this variant)";
        } else {
            threshold = root.path("reference").path("threshold").asDouble();
            source = "the reference's threshold (the run recommended '" + recommended + "', not this variant)";
        }
        List<String> failed = new ArrayList<>();
        for (JsonNode g : root.path("decision").path("gates")) {
            if (variant.equals(g.path("variant").asText()) && "FAIL".equals(g.path("status").asText())) {
                failed.add(g.path("gate").asText() + ": " + g.path("detail").asText());
            }
        }
        return new ShippedThreshold(variant, threshold, source, recommended,
                v.path("artifact").path("sha256").asText(null), failed, summary);
    }

    private static JsonNode read(Path runDir) {
        Path summary = runDir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            throw new ParityInputException(summary + ": not found; --run takes the output folder of 'parity eval' "
                    + "(it holds summary.json)");
        }
        try {
            JsonNode root = Json.MAPPER.readTree(summary.toFile());
            if (root.path("schema_version").asInt(-1) != RunSummary.SCHEMA_VERSION) {
                throw new ParityInputException(summary + ": schema_version " + root.path("schema_version")
                        + " is not the " + RunSummary.SCHEMA_VERSION + " this Parity reads");
            }
            return root;
        } catch (IOException e) {
            throw new ParityInputException(summary + ": not readable JSON: " + e.getMessage(), e);
        }
    }
}
