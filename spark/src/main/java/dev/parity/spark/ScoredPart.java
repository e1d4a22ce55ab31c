package dev.parity.spark;

import dev.parity.harness.results.VariantScores;
import dev.parity.harness.results.VariantStatus;
import java.io.Serializable;
import java.util.List;

/**
 * One task's scores: rows [first, end) of the dataset scored by every variant, as the executor sends them to the
 * driver (plain arrays: Parity's records are not serializable, and need not be).
 */
final class ScoredPart implements Serializable {
    private static final long serialVersionUID = 1L;

    final long first;
    final long end;
    final String[] names;
    final String[] status;
    final String[] reason;
    final float[][] scores;
    final String[] version;
    final String[] provider;
    final long[] nanos;
    final long[] computed;
    final String[] host;
    final long[] peakRss;

    ScoredPart(long first, long end, List<VariantScores> variants) {
        this.first = first;
        this.end = end;
        int n = variants.size();
        names = new String[n];
        status = new String[n];
        reason = new String[n];
        scores = new float[n][];
        version = new String[n];
        provider = new String[n];
        nanos = new long[n];
        computed = new long[n];
        host = new String[n];
        peakRss = new long[n];
        for (int i = 0; i < n; i++) {
            VariantScores v = variants.get(i);
            names[i] = v.name();
            status[i] = v.status().name();
            reason[i] = v.reason();
            scores[i] = v.scores();
            version[i] = v.runtimeVersion();
            provider[i] = v.executionProvider();
            nanos[i] = v.inferenceNanos();
            computed[i] = v.computedSamples();
            host[i] = v.host();
            peakRss[i] = v.peakRssBytes();
        }
    }

    int index(String variant) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(variant)) return i;
        throw new IllegalStateException("no variant '" + variant + "' in the part " + first + ".." + end);
    }

    VariantStatus status(int i) {
        return VariantStatus.valueOf(status[i]);
    }
}
