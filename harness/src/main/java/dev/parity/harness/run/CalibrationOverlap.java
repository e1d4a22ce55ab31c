package dev.parity.harness.run;

import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.NpyFile;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.spec.ResolvedSpec;
import java.util.HashSet;
import java.util.Set;

/**
 * How many calibration samples are also evaluation samples, by content: each sample's values (as float32, so an
 * int8 copy of float data, a reordered or partial copy all count) hashed and looked up. Before, only the same file
 * (path or bytes) was caught, so a copy of some evaluation rows calibrated INT8 on the very samples it was judged on.
 */
final class CalibrationOverlap {
    /** Samples read at a time. */
    private static final int CHUNK = 1024;

    private CalibrationOverlap() {
    }

    /** @return calibration samples whose values equal an evaluation sample's; 0 when their shapes differ */
    static long count(ResolvedSpec spec) {
        // images would be decoded all over again for this one check, and a calibration NPY of model inputs is not
        // comparable with raw files anyway: only tables and arrays, whose rows are cheap to read, are compared
        if (spec.dataset().images()) return 0;
        try (NpyFile calibration = NpyFile.open(spec.calibration()); SampleSource eval = DataSources.open(spec)) {
            int width = (int) calibration.rowElements();
            if (width != eval.rowElements() || width == 0) return 0; // images: calibration holds model inputs
            // 64-bit digests, not the rows: a calibration set of large images stays a few bytes a sample here
            Set<Long> seen = new HashSet<>();
            forEachRow(calibration, width, seen::add);
            long[] shared = {0};
            forEachRow(eval, width, r -> {
                if (seen.remove(r)) shared[0]++;
            });
            return shared[0];
        }
    }

    private static void forEachRow(SampleSource s, int width, java.util.function.LongConsumer each) {
        float[] buf = new float[CHUNK * width];
        for (long first = 0; first < s.rows(); first += CHUNK) {
            int n = (int) Math.min(CHUNK, s.rows() - first);
            s.read(first, n, buf);
            for (int i = 0; i < n; i++) each.accept(digest(buf, i * width, width));
        }
    }

    /** A sample's values, bit for bit, as 64 bits (FNV-1a over the float bits, then a final mix). */
    static long digest(float[] v, int from, int width) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < from + width; i++) {
            h ^= Float.floatToIntBits(v[i]);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
