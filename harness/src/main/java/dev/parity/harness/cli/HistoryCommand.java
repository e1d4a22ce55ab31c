package dev.parity.harness.cli;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.history.RunStore;
import dev.parity.harness.output.OwnFiles;
import dev.parity.harness.output.TerminalTable;
import dev.parity.harness.output.TrendChart;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity history}: a spec's runs from the run store, as a table, a dated chart and an HTML trend page. */
@Command(name = "history", mixinStandardHelpOptions = true, subcommands = HistoryCommand.Import.class,
        description = {"Reads the run store (--history, $PARITY_HISTORY, else runs/history.sqlite) and prints one "
                + "spec's runs: date, tool version, reference model (* when it changed), outcome and exit code, and each "
                + "variant's agreement and flips. --chart writes a dated PNG, one panel per figure with the gate "
                + "line; --html a trend page. 'parity history import DIR...' adds run folders to the store."})
final class HistoryCommand implements Callable<Integer> {
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Option(names = "--history", paramLabel = "DB", description = "The run store to read (SQLite; default "
            + "$PARITY_HISTORY, else runs/history.sqlite).")
    Path history;

    @Option(names = "--spec", paramLabel = "NAME", description = "The spec whose runs to show (needed when the store "
            + "holds several).")
    String spec;

    @Option(names = "--all", description = "Every spec's runs in one table (figures of unrelated specs side by side).")
    boolean all;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Runs started on or after this day (UTC).")
    String since;

    @Option(names = "--variant", paramLabel = "NAME", description = "Only these variants; repeatable.")
    List<String> variants = new ArrayList<>();

    @Option(names = "--chart", paramLabel = "PNG", description = "Write the trend chart here.")
    Path chart;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML trend page (chart and table) here.")
    Path html;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Path file = HistoryOptions.file(history);
        if (!Files.exists(file)) {
            throw new ParityInputException(file + ": no run store yet (parity eval records into it; or parity history "
                    + "import DIR... from run folders)");
        }
        // a chart or page Parity wrote is replaced every run; a file of the user's never is
        if (chart != null) OwnFiles.requireReplaceable(chart, "--chart", true, null);
        if (html != null) OwnFiles.requireReplaceable(html, "--html", true, null);
        if (since != null && !since.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new ParityInputException("--since " + since + ": expected YYYY-MM-DD");
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
            PrintWriter o = command.commandLine().getOut();
            if (runs.isEmpty()) {
                o.println("No runs" + (since != null ? " since " + since : "") + " in " + file);
                o.flush();
                return ParityCli.OK;
            }
            Set<String> names = new LinkedHashSet<>();
            for (RunStore.Run r : runs) names.addAll(store.variants(r.id()));
            if (!variants.isEmpty()) names.retainAll(variants);
            String table = table(store, runs, names);
            o.print(table);
            List<Integer> changes = changes(runs);
            if (chart != null || html != null) {
                byte[] png = TrendChart.png(dates(runs), panels(store, runs, names), changes);
                if (chart != null) {
                    OwnFiles.write(chart, png);
                    o.println("Wrote " + chart.toAbsolutePath().normalize());
                }
                if (html != null) {
                    OwnFiles.write(html, page(chosen, table, png).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    o.println("Wrote " + html.toAbsolutePath().normalize());
                }
            }
            o.flush();
        }
        return ParityCli.OK;
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

    static List<Date> dates(List<RunStore.Run> runs) {
        return runs.stream().map(r -> Date.from(Instant.parse(r.startedAt()))).toList();
    }

    /** Runs where the reference model or the tool version differs from the run before. */
    static List<Integer> changes(List<RunStore.Run> runs) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            RunStore.Run a = runs.get(i - 1), b = runs.get(i);
            if (!Objects.equals(a.referenceSha(), b.referenceSha()) || !Objects.equals(a.toolVersion(), b.toolVersion())) {
                out.add(i);
            }
        }
        return out;
    }

    static List<TrendChart.Panel> panels(RunStore store, List<RunStore.Run> runs, Set<String> names) {
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

    private static String page(String spec, String table, byte[] png) {
        String esc = table.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Parity trend: "
                + (spec == null ? "all specs" : spec) + "</title><style>body{font-family:system-ui,sans-serif;"
                + "margin:24px;max-width:1040px}img{max-width:100%}pre{font-size:12px;overflow-x:auto}</style></head>"
                + "<body><h1>Parity trend: " + (spec == null ? "all specs" : spec) + "</h1>"
                + "<img alt=\"trend of every figure over the runs\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"><h2>Runs</h2><pre>" + esc + "</pre></body></html>\n";
    }

    /** {@code parity history import DIR...}: run folders into the store (again: a run already there is kept once). */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Adds run folders (or folders of run folders) to the run store; the folders stay the source "
                    + "of truth, so this rebuilds a lost or new store.")
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "DIR")
        List<Path> dirs;

        @Option(names = "--history", paramLabel = "DB", description = "The run store to add the folders to (SQLite; "
                + "default $PARITY_HISTORY, else runs/history.sqlite).")
        Path history;

        @Spec
        CommandSpec command;

        @Override
        public Integer call() throws Exception {
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
            PrintWriter o = command.commandLine().getOut();
            try (RunStore store = RunStore.open(HistoryOptions.file(history))) {
                for (Path r : runs) {
                    RunSummary s = new RunFolder(r).readSummary();
                    // a folder keeps no exit code: its gates say what eval returned
                    int code = ParityCli.exitCode(s.decision());
                    o.println("run #" + store.record(s, code, r) + ": " + r);
                }
                o.println("Imported " + runs.size() + " run folder(s) into " + store.file());
            }
            o.flush();
            return ParityCli.OK;
        }
    }
}
