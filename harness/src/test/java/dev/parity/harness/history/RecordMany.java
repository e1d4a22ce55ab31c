package dev.parity.harness.history;

import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import java.nio.file.Path;

/** A second process for RunStoreTest: records one summary N times under distinct run folders. */
public final class RecordMany {
    private RecordMany() {
    }

    /** args: store file, summary.json, count, tag */
    public static void main(String[] args) {
        RunSummary s = RunFileCodec.readSummary(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        for (int i = 0; i < n; i++) {
            try (RunStore store = RunStore.open(Path.of(args[0]))) {
                store.record(s, 0, Path.of("/runs/" + args[3] + "-" + i));
            }
        }
    }
}
