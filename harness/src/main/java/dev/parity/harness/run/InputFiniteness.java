package dev.parity.harness.run;

import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import java.util.List;

/** Whether given samples' preprocessed inputs are finite, read again from the dataset (a few samples only). */
final class InputFiniteness {
    private InputFiniteness() {
    }

    /** @param indexes dataset indexes of the samples */
    static boolean allFinite(ResolvedSpec spec, List<Long> indexes) {
        try (SampleSource inputs = DataSources.open(spec)) {
            for (long i : indexes) {
                BatchStream one = new BatchStream(inputs, spec.preprocessing(), 1, i, i + 1);
                while (one.hasNext()) {
                    Batch b = one.next();
                    for (float f : b.data()) if (!Float.isFinite(f)) return false;
                }
            }
        }
        return true;
    }
}
