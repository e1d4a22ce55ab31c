package dev.parity.harness.decide;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.Hashing;
import dev.parity.harness.output.Json;
import dev.parity.harness.output.RunSummary;
import dev.parity.harness.run.Evaluation;
import dev.parity.harness.run.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nightly regression: compares this run with an earlier run's summary.json, variant by variant, and turns every
 * figure that got worse beyond {@code gates.max_agreement_regression} into a failed gate that says what moved,
 * from what to what. A baseline of another dataset or reference model is refused unless forced.
 */
public final class BaselineCheck {
    private BaselineCheck() {
    }

    /**
     * Reads and checks a baseline before the (long) evaluation: readable, same schema, and unless forced the same
     * dataset and reference model as the spec.
     */
    public static JsonNode load(dev.parity.harness.spec.ResolvedSpec spec, Path baselineFile, boolean force) {
        JsonNode base;
        try {
            base = Json.MAPPER.readTree(Files.readString(baselineFile));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParityInputException(baselineFile + ": baseline summary not found");
        } catch (IOException e) {
            throw new ParityInputException(baselineFile + ": cannot read the baseline summary: " + e.getMessage());
        }
        if (base == null || !base.isObject()) {
            throw new ParityInputException(baselineFile + ": not a Parity summary.json (no JSON object)");
        }
        int schema = base.path("schema_version").asInt(-1);
        if (schema != RunSummary.SCHEMA_VERSION) {
            throw new ParityInputException(baselineFile + ": baseline has schema_version " + schema
                    + "; this Parity reads " + RunSummary.SCHEMA_VERSION + " (rerun the baseline with this version)");
        }
        if (!force) {
            String dataset = Hashing.sha256(spec.inputs());
            String baseDataset = base.at("/dataset/inputs/sha256").asText();
            if (!dataset.equals(baseDataset)) {
                throw new ParityInputException(baselineFile + ": the baseline evaluated another dataset (inputs "
                        + "sha256 " + abbrev(baseDataset) + ", now " + abbrev(dataset) + "); figures would not be "
                        + "comparable. Pass --force-baseline to compare anyway");
            }
            String ref = Hashing.sha256(spec.referenceVariant().artifact());
            String baseRef = referenceSha(base);
            if (!ref.equals(baseRef)) {
                throw new ParityInputException(baselineFile + ": the baseline's reference model differs (sha256 "
                        + abbrev(baseRef) + ", now " + abbrev(ref) + "). Pass --force-baseline to compare anyway");
            }
        }
        return base;
    }

    /** One no_regression gate per variant and figure present in both runs. */
    public static List<GateResult> compare(EvaluationResult r, JsonNode base) {
        double tolerance = r.spec().gates().maxAgreementRegression();
        List<GateResult> out = new ArrayList<>();
        for (JsonNode bv : base.path("variants")) {
            String name = bv.path("name").asText();
            Evaluation.Comparison c = r.comparisons().get(name);
            if (c == null || !bv.path("status").asText().equals("ok")) continue;
            check(out, name, "agreement at the reference threshold",
                    bv.at("/at_reference_threshold/agreement"), c.atReference().agreement(), tolerance);
            check(out, name, "agreement after recalibration",
                    bv.at("/recalibration/agreement_after"), c.recalibration().agreementAfter(), tolerance);
        }
        return out;
    }

    private static void check(List<GateResult> out, String variant, String what, JsonNode before, double now,
                              double tolerance) {
        if (!before.isNumber()) return;
        double was = before.asDouble();
        boolean ok = was - now <= tolerance;
        out.add(new GateResult(variant, "no_regression", ok ? GateResult.Status.PASS : GateResult.Status.FAIL,
                now, was - tolerance, what + (ok ? " held: " : " fell: ") + Format.pct(was) + " -> " + Format.pct(now)
                + " (tolerance " + Format.pct(tolerance) + ")"));
    }

    private static String referenceSha(JsonNode base) {
        for (JsonNode v : base.path("variants")) {
            if (v.path("reference").asBoolean()) return v.at("/artifact/sha256").asText();
        }
        return "";
    }

    private static String abbrev(String sha) {
        return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12);
    }
}
