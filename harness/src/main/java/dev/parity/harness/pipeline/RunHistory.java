package dev.parity.harness.pipeline;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.history.RunStore;
import dev.parity.harness.output.TerminalTable;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The run store as people read it: one spec's runs as a table (date, tool, reference model, outcome, each variant's
 * agreement and flips), their trend chart and an HTML trend page; and run folders added to it again.
 */
public final class RunHistory {
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private RunHistory() {
    }

    /**
     * What the store holds of the runs asked for.
     *
     * @param spec  the spec shown, or null for every spec
     * @param table the runs as a terminal table with its legend, or null when there are none
     * @param chart the trend chart (PNG) when asked for and there are runs, else null
     */
    public record View(String spec, String table, byte[] chart) {
    }

    /**
     * @param spec     the spec whose runs to show; null: the store's only spec (refused when it holds several,
     *                 unless {@code all})
     * @param since    runs started on or after this day (YYYY-MM-DD, UTC), or null
     * @param variants only these variants (empty: every one)
     * @param chart    draw the trend chart too
     */
    public static View show(Path file, String spec, boolean all, String since, List<String> variants, boolean chart) {
        if (!Files.exists(file)) {
            throw new ParityInputException(file + ": no run store yet (parity eval records into it; or parity history "
                    + "import DIR... from run folders)");
        }
        try (RunStore store = RunStore.open(file)) {
            List<String> specs = store.specs();
            String chosen = spec;
            if (chosen == null && !all) {
                if (specs.size() > 1) {
                    throw new ParityInputException(file + " holds runs of " + specs.size() + " specs " + specs
                            + "; give --spec NAME (figures of different specs are not comparable), or --all");
                }
                chosen = specs.isEmpty() ? null : specs.get(0);
            }
            if (chosen != null && !specs.contains(chosen)) {
                throw new ParityInputException("--spec " + chosen + ": no runs of it in " + file + "; it has " + specs);
            }
            List<RunStore.Run> runs = store.runs(chosen, since);
            if (runs.isEmpty()) return new View(chosen, null, null);
            Set<String> names = new LinkedHashSet<>();
            for (RunStore.Run r : runs) names.addAll(store.variants(r.id()));
            if (!variants.isEmpty()) names.retainAll(variants);
            return new View(chosen, table(store, runs, names), chart ? StoreTrend.png(store, runs, names) : null);
        }
    }

    private static String table(RunStore store, List<RunStore.Run> runs, Set<String> names) {
        List<String> head = new ArrayList<>(List.of("date (UTC)", "run", "spec", "tool", "reference model", "outcome",
                "ships"));
        for (String v : names) head.add(v);
        TerminalTable t = new TerminalTable(head.toArray(String[]::new));
        String previous = null;
        java.util.Map<String, String> previousModel = new java.util.HashMap<>();
        for (RunStore.Run r : runs) {
            String ref = r.referenceSha() == null ? "-" : r.referenceSha().substring(0, 12);
            boolean changed = previous != null && !previous.equals(ref);
            previous = ref;
            List<String> row = new ArrayList<>(List.of(MINUTE.format(Instant.parse(r.startedAt())), "#" + r.id(),
                    r.spec(), String.valueOf(r.toolVersion()), ref + (changed ? " *" : ""), outcome(r),
                    r.recommended() == null ? "-" : r.recommended()));
            for (String v : names) {
                Double a = store.figure(r.id(), v, "agreement");
                Double f = store.figure(r.id(), v, "flips");
                // a variant whose model file changed since its last run is marked, as the reference is
                String model = store.modelSha(r.id(), v);
                String before = previousModel.put(v, model);
                boolean modelChanged = before != null && model != null && !before.equals(model);
                row.add((a == null ? "-" : String.format(Locale.ROOT, "%.3f%% (%d)", 100 * a,
                        f == null ? 0 : f.longValue())) + (modelChanged ? " *" : ""));
            }
            t.row(row.toArray(String[]::new));
        }
        return t.render() + "(per variant: agreement at the reference threshold, flips in parentheses; * the model "
                + "changed since the run before)\n";
    }

    /** "regressed (1)": the outcome, which tells REGRESSED from CANDIDATES FAILED, with the exit code it gave. */
    private static String outcome(RunStore.Run r) {
        return (r.outcome() == null ? "-" : r.outcome().replace('_', ' ')) + " (" + r.exitCode() + ")";
    }

    /** An HTML trend page: the chart and the table. */
    public static String page(String spec, String table, byte[] png) {
        String esc = table.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Parity trend: "
                + (spec == null ? "all specs" : spec) + "</title><style>body{font-family:system-ui,sans-serif;"
                + "margin:24px;max-width:1040px}img{max-width:100%}pre{font-size:12px;overflow-x:auto}</style></head>"
                + "<body><h1>Parity trend: " + (spec == null ? "all specs" : spec) + "</h1>"
                + "<img alt=\"trend of every figure over the runs\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"><h2>Runs</h2><pre>" + esc + "</pre></body></html>\n";
    }

    /**
     * Adds run folders (or folders of run folders) to the store; a run already there is kept once.
     *
     * @return a line per run recorded, then the total
     */
    public static List<String> importFolders(Path storeFile, List<Path> dirs) throws IOException {
        List<Path> runs = new ArrayList<>();
        for (Path d : dirs) {
            if (new RunFolder(d).hasSummary()) {
                runs.add(d);
            } else if (Files.isDirectory(d)) {
                try (Stream<Path> children = Files.list(d)) {
                    for (Path c : children.sorted().toList()) {
                        if (new RunFolder(c).hasSummary()) runs.add(c);
                    }
                }
            } else {
                throw new ParityInputException(d + ": not a run folder (no summary.json) nor a folder of them");
            }
        }
        if (runs.isEmpty()) throw new ParityInputException(dirs + ": no summary.json found");
        List<String> lines = new ArrayList<>();
        try (RunStore store = RunStore.open(storeFile)) {
            for (Path r : runs) {
                RunSummary s = new RunFolder(r).readSummary();
                // a folder keeps no exit code: its gates say what eval returned
                lines.add("run #" + store.record(s, RunSession.exitCode(s.decision()), r) + ": " + r);
            }
            lines.add("Imported " + runs.size() + " run folder(s) into " + store.file());
        }
        return lines;
    }
}
