package dev.parity.metrics;

/**
 * Counts of a binary decision against a truth.
 *
 * <p>Orientation: rows are the truth, columns the prediction, positive first:
 * <pre>
 *                 predicted +   predicted -
 *   truth +          tp            fn
 *   truth -          fp            tn
 * </pre>
 * When comparing a variant to the reference, "truth" is the reference's verdict. Ratios whose denominator is
 * zero (precision with no predicted positives, recall with no true positives) are NaN: undefined, not zero.
 */
public record ConfusionMatrix(long tp, long fp, long fn, long tn) {

    public ConfusionMatrix {
        if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
            throw new IllegalArgumentException("confusion counts must be >= 0");
        }
    }

    /** Compares predictions to truth sample by sample; both arrays must have the same length. */
    public static ConfusionMatrix of(boolean[] truth, boolean[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(
                    "truth has " + truth.length + " samples but predictions have " + predicted.length);
        }
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i]) {
                if (predicted[i]) tp++; else fn++;
            } else {
                if (predicted[i]) fp++; else tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, fn, tn);
    }

    public long total() {
        return tp + fp + fn + tn;
    }

    public long truePositivesAndNegatives() {
        return tp + tn;
    }

    public double accuracy() {
        return ratio(tp + tn, total());
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double specificity() {
        return ratio(tn, tn + fp);
    }

    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }
}
