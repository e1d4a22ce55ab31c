package dev.parity.metrics;

/**
 * Predicted classes against labelled ones: accuracy, and per class the precision and recall of "is it this class?".
 * A prediction of {@link ClassScores#NONE} is wrong for every class. A class never predicted has no precision, a
 * class with no labelled sample no recall (NaN: nothing to measure, not zero).
 *
 * @param confusion K x (K+1) counts, [labelled class][predicted class]; column K is "no class"
 */
public record ClassAccuracy(long[][] confusion, long samples, long correct) {

    public static ClassAccuracy of(int[] predicted, int[] labels, int classes) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions but " + labels.length + " labels");
        }
        long[][] m = new long[classes][classes + 1];
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i], p = predicted[i];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label of sample index " + i + " is " + y + "; classes are 0.."
                        + (classes - 1));
            }
            m[y][p == ClassScores.NONE ? classes : p]++;
            if (p == y) correct++;
        }
        return new ClassAccuracy(m, labels.length, correct);
    }

    public int classes() {
        return confusion.length;
    }

    public double accuracy() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    /** Of the samples predicted as this class, the share labelled so. */
    public double precision(int cls) {
        long predicted = 0;
        for (long[] row : confusion) predicted += row[cls];
        return predicted == 0 ? Double.NaN : (double) confusion[cls][cls] / predicted;
    }

    /** Of the samples labelled as this class, the share predicted so. */
    public double recall(int cls) {
        long labelled = 0;
        for (long c : confusion[cls]) labelled += c;
        return labelled == 0 ? Double.NaN : (double) confusion[cls][cls] / labelled;
    }

    /** Samples labelled as this class. */
    public long support(int cls) {
        long labelled = 0;
        for (long c : confusion[cls]) labelled += c;
        return labelled;
    }
}
