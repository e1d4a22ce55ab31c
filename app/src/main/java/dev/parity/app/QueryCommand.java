package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.ScoresCsv;
import dev.parity.harness.output.TerminalTable;
import dev.parity.harness.query.RowFilter;
import dev.parity.harness.query.RunTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.BitmapBackedSelection;
import tech.tablesaw.selection.Selection;

/** {@code parity query RUN}: a run's samples filtered, grouped and printed, the notebook question from a terminal. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Loads a run's scores (scores.parquet or scores.csv: ids, labels, slice columns, every variant's score) and prints the "
                + "samples --where selects, or how many of them fall in each value of --group-by.",
                "EXPR: comparisons of columns, numbers and quoted text (=, !=, <, <=, >, >=), flipped(VARIANT) "
                        + "(its verdict differs from the reference's at the reference threshold), positive(VARIANT), "
                        + "diff(VARIANT) (|score - reference score|), joined with and, or, not and parentheses. "
                        + "Names with other characters go in backticks.",
                "Example: parity query runs/fashion-mnist-coat --where 'flipped(onnx-int8)' --group-by class"})
final class QueryCommand implements Callable<Integer> {
    /** Rows printed on a terminal unless --limit says otherwise. */
    static final int DEFAULT_LIMIT = 50;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder written by parity eval or merge.")
    Path run;

    @Option(names = "--where", paramLabel = "EXPR", description = "Keep the samples for which EXPR holds.")
    String where;

    @Option(names = "--group-by", paramLabel = "COLUMN",
            description = "Count the kept samples per value of COLUMN (e.g. a slice column), next to the group's size.")
    String groupBy;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
            description = "Columns to print (default: sample_id, label, slice columns, the reference and the "
                    + "variants EXPR names, or every variant).")
    List<String> columns;

    @Option(names = "--csv", description = "Print CSV (every row) instead of a table.")
    boolean csv;

    @Option(names = "--limit", paramLabel = "N", description = "Rows printed in table form; 0: all (default "
            + DEFAULT_LIMIT + ").")
    Integer limit;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        RunTable rt = RunTable.load(run);
        Table t = rt.table();
        Set<String> names = new LinkedHashSet<>(t.columnNames());
        Selection kept = select(rt, names);
        Table result = groupBy == null ? t.where(kept).selectColumns(printed(rt, names).toArray(String[]::new))
                : grouped(t, kept, names);
        PrintWriter out = command.commandLine().getOut();
        if (csv) {
            out.print(asCsv(result, Integer.MAX_VALUE));
        } else {
            int max = limit == null ? DEFAULT_LIMIT : limit == 0 ? Integer.MAX_VALUE : limit;
            out.print(asTable(result, max));
            String what = groupBy == null ? "sample(s)" : "group(s)";
            String decision = rt.summary().heads() != null ? "a threshold per head"
                    : rt.summary().classes() != null ? "top class" : "threshold " + rt.threshold();
            out.printf("%d %s%s%s (reference '%s', %s)%n", result.rowCount(), what,
                    where == null ? "" : " where " + where, result.rowCount() > max ? ", first " + max + " shown"
                            + " (--limit 0 for all)" : "", rt.referenceName(), decision);
        }
        out.flush();
        return 0;
    }

    private Selection select(RunTable rt, Set<String> names) {
        Table t = rt.table();
        if (where == null) return Selection.withRange(0, t.rowCount());
        RowFilter.Expr e = RowFilter.parse(where, names, new LinkedHashSet<>(rt.variants()));
        Selection s = new BitmapBackedSelection();
        for (int i = 0; i < t.rowCount(); i++) if (e.test(rt, i)) s.add(i);
        return s;
    }

    private List<String> printed(RunTable rt, Set<String> names) {
        if (columns != null) {
            for (String c : columns) {
                if (!names.contains(c)) throw new ParityInputException("--columns " + c + ": no such column; the run "
                        + "has " + names);
            }
            return columns;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String c : names) if (!rt.variants().contains(c)) out.add(c); // id, label, slices
        out.addAll(rt.referenceColumns());
        List<String> named = where == null ? List.of() : RowFilter.variantsNamed(where);
        out.addAll(named.isEmpty() ? rt.variants() : named);
        return new ArrayList<>(out);
    }

    /** Per value of the group column: the kept samples, the group's size, and their share. */
    private Table grouped(Table t, Selection kept, Set<String> names) {
        if (!names.contains(groupBy)) {
            throw new ParityInputException("--group-by " + groupBy + ": no such column; the run has " + names);
        }
        Table all = t.countBy(groupBy);
        java.util.Map<String, Integer> hits = new java.util.HashMap<>();
        // the group column may be text or numbers (a label): its values as text either way
        for (Row h : t.where(kept).countBy(groupBy)) hits.put(String.valueOf(h.getObject(0)), h.getInt(1));
        StringColumn value = StringColumn.create(groupBy);
        IntColumn matching = IntColumn.create(where == null ? "samples" : "matching");
        IntColumn of = IntColumn.create("of");
        StringColumn share = StringColumn.create("share");
        for (Row r : all) {
            String v = String.valueOf(r.getObject(0));
            int total = r.getInt(1), hit = hits.getOrDefault(v, 0);
            value.append(v);
            matching.append(hit);
            of.append(total);
            share.append(String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * hit / total));
        }
        if (where == null) return Table.create(value, matching).sortDescendingOn("samples");
        return Table.create(value, matching, of, share).sortDescendingOn("matching");
    }

    /** A cell as scores.csv wrote it: scores in float32's shortest form, so they read back as the same floats. */
    private static String cell(Table t, int column, int row) {
        var c = t.column(column);
        // Tablesaw marks a float NaN as missing; a NaN score is a finding, printed as such
        if (c instanceof FloatColumn f) return Float.toString(f.getFloat(row));
        return c.isMissing(row) ? "" : c.getString(row);
    }

    private static String asTable(Table t, int max) {
        TerminalTable table = new TerminalTable(t.columnNames().toArray(String[]::new));
        for (int i = 0; i < Math.min(max, t.rowCount()); i++) {
            String[] cells = new String[t.columnCount()];
            for (int c = 0; c < cells.length; c++) cells[c] = cell(t, c, i);
            table.row(cells);
        }
        return table.render();
    }

    private static String asCsv(Table t, int max) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", t.columnNames().stream().map(ScoresCsv::quoted).toList())).append('\n');
        for (int i = 0; i < Math.min(max, t.rowCount()); i++) {
            for (int c = 0; c < t.columnCount(); c++) {
                if (c > 0) sb.append(',');
                sb.append(ScoresCsv.quoted(cell(t, c, i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
