package dev.parity.harness.pipeline;

import dev.parity.harness.history.RunStore;
import dev.parity.harness.output.TrendChart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The run store's figures over a spec's runs as a dated chart: the report's trend and {@code parity history --chart}. */
public final class StoreTrend {
    /** Runs a report's trend shows, at most. */
    static final int REPORT_RUNS = 10;

    private StoreTrend() {
    }

    /** The chart of these runs' figures for these variants, one panel per figure, changes marked (PNG). */
    public static byte[] png(RunStore store, List<RunStore.Run> runs, Set<String> variants) {
        return TrendChart.png(dates(runs), panels(store, runs, variants), changes(runs));
    }

    /** Same, from a store file as it is (none drawn when the file does not exist or cannot be read). */
    static String forReport(java.nio.file.Path storeFile, String spec) {
        if (!java.nio.file.Files.isRegularFile(storeFile)) return null;
        try (RunStore store = RunStore.open(storeFile)) {
            return forReport(store, spec);
        } catch (dev.parity.harness.ParityInputException e) {
            return null; // a report without its trend; the commands that record say what is wrong with the store
        }
    }

    /**
     * The agreement trend of the spec's last runs in the store (a run begun and not yet committed included), as a
     * base64 PNG for the report; null before there are two runs.
     */
    static String forReport(RunStore store, String spec) {
        List<RunStore.Run> runs = store.runs(spec, null);
        if (runs.size() < 2) return null;
        runs = runs.subList(Math.max(0, runs.size() - REPORT_RUNS), runs.size());
        Set<String> names = new LinkedHashSet<>(store.variants(runs.get(runs.size() - 1).id()));
        TrendChart.Panel agreement = panels(store, runs, names).get(0);
        return Base64.getEncoder().encodeToString(TrendChart.png(dates(runs), List.of(agreement), changes(runs)));
    }

    private static List<Date> dates(List<RunStore.Run> runs) {
        return runs.stream().map(r -> Date.from(Instant.parse(r.startedAt()))).toList();
    }

    /** Runs where the reference model or the tool version differs from the run before. */
    private static List<Integer> changes(List<RunStore.Run> runs) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            RunStore.Run a = runs.get(i - 1), b = runs.get(i);
            if (!Objects.equals(a.referenceSha(), b.referenceSha()) || !Objects.equals(a.toolVersion(), b.toolVersion())) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<TrendChart.Panel> panels(RunStore store, List<RunStore.Run> runs, Set<String> names) {
        RunStore.Run last = runs.get(runs.size() - 1);
        Double minAgreement = store.gateLimit(last.id(), "min_agreement");
        return List.of(
                panel(store, runs, names, "Agreement at the reference threshold", "%", "agreement", 100,
                        minAgreement == null ? null : 100 * minAgreement, "min_agreement"),
                panel(store, runs, names, "Flipped verdicts", "samples", "flips", 1, null, null),
                panel(store, runs, names, "Shipped (recalibrated) threshold", "score", "recalibrated_threshold", 1,
                        null, null),
                panel(store, runs, names, "p99 |score difference| from the reference", "score", "p99_abs_diff", 1,
                        null, null),
                panel(store, runs, names, "Throughput (speed probe or bench; else the loop's rate)", "samples/s",
                        "samples_per_second", 1, null, null));
    }

    private static TrendChart.Panel panel(RunStore store, List<RunStore.Run> runs, Set<String> names, String title,
                                          String unit, String column, double scale, Double limit, String limitLabel) {
        var values = TrendChart.byVariant();
        for (String v : names) {
            List<Double> ys = new ArrayList<>();
            for (RunStore.Run r : runs) {
                Double x = store.figure(r.id(), v, column);
                ys.add(x == null ? null : x * scale);
            }
            values.put(v, ys);
        }
        return new TrendChart.Panel(title, unit, values, limit, limitLabel);
    }
}
