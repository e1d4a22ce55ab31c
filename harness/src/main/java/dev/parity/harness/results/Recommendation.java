package dev.parity.harness.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * Which variant ships, with which threshold, and why the others lost.
 *
 * <p>Timing from the evaluation loop differs from run to run, so the figures and the sentences that quote them
 * are kept out of summary.json's deterministic part ({@code @JsonIgnore}) and written under "run" instead;
 * {@code reasons} holds sentences without timed numbers. With parity bench figures both say the same.
 *
 * @param figure          the objective's figure for the chosen variant (samples/s or ms), null when unknown
 * @param figureSource    "parity bench" or "evaluation loop" (the latter is a rough guide, not a benchmark)
 * @param rule            the rule, as printed in every report
 * @param reasons         one sentence per other variant, the same in every run of the same inputs
 * @param detailedReasons the same sentences with this run's figures, for the reports and the terminal
 */
public record Recommendation(String variant, double threshold, boolean thresholdRecalibrated, String objective,
                             @JsonIgnore Double figure, String figureSource, boolean noneQualified, String rule,
                             Map<String, String> reasons, @JsonIgnore Map<String, String> detailedReasons) {

    public static final String RULE = "Among the variants that pass every gate (the reference passes trivially), "
            + "the one that best meets the objective (default: highest throughput at the spec's batch size, from "
            + "parity bench when it ran, else from the evaluation loop) ships, with its own recalibrated threshold. "
            + "Unavailable variants and variants failing any gate are out; served variants (kserve-http, kserve-grpc) "
            + "are gated like the others but are deployments being checked, not candidates. If no variant other "
            + "than the reference passes, the reference is recommended.";
}
