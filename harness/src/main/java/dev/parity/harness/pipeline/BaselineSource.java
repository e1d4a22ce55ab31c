package dev.parity.harness.pipeline;

import dev.parity.harness.decide.BaselineCheck;
import dev.parity.harness.history.Baselines;
import dev.parity.harness.history.RunStore;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.DatasetHash;
import dev.parity.harness.spec.ResolvedSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code --baseline} names, the same for every command that finishes a run: an earlier run's summary.json, or
 * from the run store the last run of this spec on this dataset, the last that passed, or a run id.
 */
final class BaselineSource {
    /**
     * @param summary the baseline run, or null (none given, or none recorded yet)
     * @param name    how messages and the report name it, or null
     * @param notes   sentences the report shows (why there is no baseline on a first night)
     */
    record Chosen(RunSummary summary, String name, List<String> notes) {
        static final Chosen NONE = new Chosen(null, null, List.of());
    }

    private BaselineSource() {
    }

    /**
     * @param value   the option's value, or null
     * @param store   the run store to look {@code last}, {@code last-passing} and ids up in
     * @param force   compare with a run of another dataset or reference model anyway
     */
    static Chosen resolve(ResolvedSpec spec, String value, Path store, boolean force) {
        if (value == null) return Chosen.NONE;
        if (!Baselines.fromStore(value)) {
            return new Chosen(BaselineCheck.load(spec, Path.of(value), force), value, List.of());
        }
        try (RunStore runs = RunStore.open(store)) {
            String datasetSha = DatasetHash.of(spec);
            RunStore.Run run = Baselines.find(runs, value, spec.name(), datasetSha).orElse(null);
            if (run == null) {
                // the first night of a nightly job: no run to compare with yet; this one is recorded for the next
                return new Chosen(null, null, List.of(Baselines.none(runs, value, spec.name(), datasetSha)
                        + ", so this run is compared with no baseline; it is recorded, and the next run compares "
                        + "with it."));
            }
            String name = "run #" + run.id() + " of " + run.startedAt() + " (" + runs.file().getFileName() + ")";
            return new Chosen(BaselineCheck.check(spec, runs.summary(run.id()), name, force), name, List.of());
        }
    }
}
