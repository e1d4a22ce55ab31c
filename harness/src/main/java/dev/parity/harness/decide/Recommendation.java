package dev.parity.harness.decide;

import java.util.Map;

/**
 * Which variant ships, with which threshold, and why the others lost.
 *
 * @param figure       the objective's figure for the chosen variant (samples/s or ms), null when unknown
 * @param figureSource "parity bench" or "evaluation loop" (the latter is a rough guide, not a benchmark)
 * @param rule         the rule, as printed in every report
 * @param reasons      one sentence per other variant
 */
public record Recommendation(String variant, double threshold, boolean thresholdRecalibrated, String objective,
                             Double figure, String figureSource, boolean noneQualified, String rule,
                             Map<String, String> reasons) {

    public static final String RULE = "Among the variants that pass every gate (the reference passes trivially), "
            + "the one that best meets the objective (default: highest throughput at the spec's batch size, from "
            + "parity bench when it ran, else from the evaluation loop) ships, with its own recalibrated threshold. "
            + "Unavailable variants and variants failing any gate are out. If no variant other than the reference "
            + "passes, the reference is recommended.";
}
