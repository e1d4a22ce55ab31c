package dev.parity.harness.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * Which variant ships, with which threshold, and why the others lost.
 *
 * <p>Measured speed differs from run to run, so the figures and the sentences that quote them are kept out of
 * summary.json's deterministic part ({@code @JsonIgnore}) and written under "run" instead; {@code reasons} holds
 * sentences without timed numbers.
 *
 * @param figure          the objective's figure for the chosen variant (samples/s or ms), null when unknown
 * @param figureSource    "parity bench", "speed probe" or "none" (no figures: the rule falls back to drift)
 * @param rule            the rule, as printed in every report
 * @param reasons         one sentence per other variant, the same in every run of the same inputs
 * @param detailedReasons the same sentences with this run's figures, for the reports and the terminal
 * @param speed           every candidate's figure with its spread, as the rule compared them (run-specific)
 * @param nothingShips    why nothing ships (the reference is not trusted), with {@code variant} null; else null
 */
public record Recommendation(String variant, double threshold, boolean thresholdRecalibrated, String objective,
                             @JsonIgnore Double figure, String figureSource, boolean noneQualified, String rule,
                             Map<String, String> reasons, @JsonIgnore Map<String, String> detailedReasons,
                             @JsonIgnore Map<String, Speed> speed, String nothingShips) {

    public Recommendation(String variant, double threshold, boolean thresholdRecalibrated, String objective,
                          Double figure, String figureSource, boolean noneQualified, String rule,
                          Map<String, String> reasons, Map<String, String> detailedReasons, Map<String, Speed> speed) {
        this(variant, threshold, thresholdRecalibrated, objective, figure, figureSource, noneQualified, rule, reasons,
                detailedReasons, speed, null);
    }

    /**
     * Nothing ships: the reference the variants were compared with cannot be trusted, so neither can any figure.
     *
     * @param why the headline's sentence
     */
    public static Recommendation nothing(String objective, String why, Map<String, String> reasons) {
        return new Recommendation(null, Double.NaN, false, objective, null, "none", true, RULE, reasons, reasons,
                Map.of(), why);
    }

    public static final String RULE = "Among the variants that pass every gate (the reference passes trivially), "
            + "the one that best meets the objective (default: highest throughput at the spec's batch size) ships, "
            + "with its own recalibrated threshold (positive iff score >= threshold). Speed comes from parity bench "
            + "when it ran, else from a short speed probe of each candidate alone; candidates whose speed intervals "
            + "overlap are equally fast, and among those the one closest to the reference ships (fewest flipped "
            + "verdicts, then smallest p99 |score difference|); with no speed figure at all, the candidate closest to "
            + "the reference ships. Unavailable variants and variants failing any gate "
            + "are out; served variants (kserve-http, kserve-grpc) are gated like the others but are deployments "
            + "being checked, not candidates. If no variant other than the reference passes, the reference ships.";
}
