package dev.parity.harness.history;

import dev.parity.harness.ParityInputException;
import java.util.List;

/**
 * --baseline from the store: {@code last} (the latest run of the same spec on the same dataset), {@code
 * last-passing} (the latest of those that exited 0), or a run id ({@code 12} or {@code #12}).
 */
public final class Baselines {
    private Baselines() {
    }

    /** Whether a --baseline value names a stored run rather than a summary.json file. */
    public static boolean fromStore(String value) {
        return value.equals("last") || value.equals("last-passing") || value.matches("#?\\d+");
    }

    /** @param datasetSha the dataset the new run evaluates; runs of another dataset are not baselines for it */
    public static RunStore.Run pick(RunStore store, String value, String spec, String datasetSha) {
        return find(store, value, spec, datasetSha).orElseThrow(() -> new ParityInputException(none(store, value,
                spec, datasetSha)));
    }

    /**
     * The run --baseline names, or empty when it is {@code last} or {@code last-passing} and there is none yet (the
     * first night of a nightly job: it runs without a baseline and records itself, so the next night has one).
     *
     * @throws ParityInputException for a run id the store does not hold
     */
    public static java.util.Optional<RunStore.Run> find(RunStore store, String value, String spec,
                                                        String datasetSha) {
        if (value.matches("#?\\d+")) {
            long id = Long.parseLong(value.replace("#", ""));
            return java.util.Optional.of(store.runs(null, null).stream().filter(r -> r.id() == id).findFirst()
                    .orElseThrow(() -> new ParityInputException("--baseline " + value + ": " + store.file()
                            + " has no run #" + id)));
        }
        List<RunStore.Run> same = store.runs(spec, null).stream()
                .filter(r -> datasetSha == null || datasetSha.equals(r.datasetSha())).toList();
        boolean passing = value.equals("last-passing");
        for (int i = same.size() - 1; i >= 0; i--) {
            if (!passing || same.get(i).exitCode() == 0) return java.util.Optional.of(same.get(i));
        }
        return java.util.Optional.empty();
    }

    /** Why there is no baseline: "--baseline last-passing: runs/history.sqlite has no passing run of spec ...". */
    public static String none(RunStore store, String value, String spec, String datasetSha) {
        long same = store.runs(spec, null).stream()
                .filter(r -> datasetSha == null || datasetSha.equals(r.datasetSha())).count();
        return "--baseline " + value + ": " + store.file() + " has no " + (value.equals("last-passing") ? "passing "
                : "") + "run of spec '" + spec + "' on this dataset yet (" + same + " run(s) of it recorded)";
    }
}
