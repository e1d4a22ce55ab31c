package dev.parity.harness.results;

/**
 * Confidence in one variant's figures: Wilson 95% intervals, and McNemar's exact test on the paired correctness
 * of reference and variant against ground truth at the reference threshold.
 *
 * @param referenceOnlyCorrect samples the reference gets right and the variant wrong
 * @param variantOnlyCorrect   samples the variant gets right and the reference wrong
 * @param mcnemarP             two-sided exact p-value; small means the two err differently more than chance
 *                             explains. Null without labels.
 */
public record VariantStatistics(double agreementLow, double agreementHigh, Double precisionLow, Double precisionHigh,
                                Double recallLow, Double recallHigh, Long referenceOnlyCorrect,
                                Long variantOnlyCorrect, Double mcnemarP) {
}
