package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.OwnFiles;
import dev.parity.harness.pipeline.RunHistory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
        // a chart or page Parity wrote is replaced every run; a file of the user's never is
        if (chart != null) OwnFiles.requireReplaceable(chart, "--chart", true, null);
        if (html != null) OwnFiles.requireReplaceable(html, "--html", true, null);
        if (since != null && !since.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new ParityInputException("--since " + since + ": expected YYYY-MM-DD");
        }
        Path file = HistoryOptions.file(history);
        RunHistory.View view = RunHistory.show(file, spec, all, since, variants, chart != null || html != null);
        PrintWriter o = command.commandLine().getOut();
        if (view.table() == null) {
            o.println("No runs" + (since != null ? " since " + since : "") + " in " + file);
            o.flush();
            return ParityCli.OK;
        }
        o.print(view.table());
        if (chart != null) {
            OwnFiles.write(chart, view.chart());
            o.println("Wrote " + chart.toAbsolutePath().normalize());
        }
        if (html != null) {
            OwnFiles.write(html, RunHistory.page(view.spec(), view.table(), view.chart())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            o.println("Wrote " + html.toAbsolutePath().normalize());
        }
        o.flush();
        return ParityCli.OK;
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
            PrintWriter o = command.commandLine().getOut();
            for (String line : RunHistory.importFolders(HistoryOptions.file(history), dirs)) o.println(line);
            o.flush();
            return ParityCli.OK;
        }
    }
}
