package dev.parity.harness.localise;

import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The samples localisation looks at: every sample the variant flips (or moves to another class), then those whose
 * reference decision is nearest to changing (the score nearest the threshold, or the two top classes closest: the
 * ones a small drift flips next), up to {@code size}; with their preprocessed inputs, gathered in one streaming pass
 * (a few hundred samples, whatever the dataset's size).
 *
 * @param samples   dataset indices, ascending
 * @param flipped   per probe sample: the variant flips it
 * @param reference per probe sample: the reference's decision (a verdict as 1 or 0, or a class)
 * @param inputs    preprocessed inputs, samples after one another
 */
record Probe(int[] samples, boolean[] flipped, int[] reference, float[] inputs, long[] sampleShape) {

    /**
     * @param ref  the reference's decisions
     * @param var  the variant's
     * @param rule how decisions are read, and how near a sample's is to changing
     */
    static Probe choose(ResolvedSpec spec, float[] referenceScores, int[] ref, int[] var, DecisionRule rule,
                        int size) {
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int i = 0; i < ref.length; i++) if (changed(ref, var, i)) chosen.add(i);
        Integer[] byDistance = new Integer[ref.length];
        for (int i = 0; i < ref.length; i++) byDistance[i] = i;
        Arrays.sort(byDistance, Comparator.comparingDouble(i -> rule.margin(referenceScores, i)));
        for (int k = 0; k < byDistance.length && chosen.size() < Math.max(size, 1); k++) chosen.add(byDistance[k]);
        int[] samples = chosen.stream().mapToInt(Integer::intValue).toArray();
        boolean[] flipped = new boolean[samples.length];
        int[] reference = new int[samples.length];
        for (int j = 0; j < samples.length; j++) {
            flipped[j] = changed(ref, var, samples[j]);
            reference[j] = ref[samples[j]];
        }
        ResolvedSpec.Preprocessing pre = spec.preprocessing();
        int per = Math.toIntExact(pre.elementsPerSample());
        float[] inputs = new float[samples.length * per];
        try (SampleSource source = DataSources.open(spec)) {
            BatchStream stream = new BatchStream(source, pre, spec.batchSize());
            int next = 0;
            while (stream.hasNext() && next < samples.length) {
                long start = stream.position();
                if (samples[next] >= start + spec.batchSize()) {
                    stream.skip();
                    continue;
                }
                Batch b = stream.next();
                while (next < samples.length && samples[next] < start + b.size()) {
                    System.arraycopy(b.data(), (int) (samples[next] - start) * per, inputs, next * per, per);
                    next++;
                }
            }
        }
        return new Probe(samples, flipped, reference, inputs, pre.shape());
    }

    /** The sample's decision changed (a sample with no class, -1, always counts as changed). */
    private static boolean changed(int[] ref, int[] var, int i) {
        return ref[i] != var[i] || var[i] == dev.parity.metrics.ClassScores.NONE;
    }

    int size() {
        return samples.length;
    }

    long flips() {
        long n = 0;
        for (boolean f : flipped) if (f) n++;
        return n;
    }

    /** Batches of at most {@code batch} probe samples, in order. */
    List<Batch> batches(int batch) {
        int per = inputs.length / Math.max(1, samples.length);
        List<Batch> out = new ArrayList<>();
        for (int first = 0; first < samples.length; first += batch) {
            int n = Math.min(batch, samples.length - first);
            out.add(new Batch(first, n, sampleShape, Arrays.copyOfRange(inputs, first * per, (first + n) * per)));
        }
        return out;
    }
}
