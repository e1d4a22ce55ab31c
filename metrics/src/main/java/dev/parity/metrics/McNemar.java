package dev.parity.metrics;

/**
 * McNemar's exact test on paired binary outcomes: of the samples where the reference and the variant differ in
 * being right (against ground truth), are the reference-only and variant-only counts consistent with chance?
 * Under the null hypothesis the discordant pairs split as Binomial(b + c, 1/2).
 */
public final class McNemar {
    private McNemar() {
    }

    /**
     * @param referenceOnly samples the reference gets right and the variant wrong (b)
     * @param variantOnly   samples the variant gets right and the reference wrong (c)
     * @return the two-sided exact p-value, min(1, 2 x P(X <= min(b, c))); 1 when there are no discordant pairs
     */
    public static double exactPValue(long referenceOnly, long variantOnly) {
        long n = referenceOnly + variantOnly;
        if (n == 0) {
            return 1.0;
        }
        long k = Math.min(referenceOnly, variantOnly);
        // Sum binomial probabilities in log space: n can be large (millions of samples).
        double logHalfN = n * Math.log(0.5);
        double tail = 0;
        double logC = 0; // log C(n, 0)
        for (long i = 0; i <= k; i++) {
            if (i > 0) logC += Math.log((double) (n - i + 1) / i);
            tail += Math.exp(logC + logHalfN);
        }
        return Math.min(1.0, 2 * tail);
    }
}
