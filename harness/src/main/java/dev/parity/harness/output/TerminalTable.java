package dev.parity.harness.output;

import java.util.ArrayList;
import java.util.List;

/** A plain fixed-width text table: left-aligned first column, right-aligned numbers. */
public final class TerminalTable {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    public TerminalTable(String... header) {
        this.header = header;
    }

    public void row(String... cells) {
        rows.add(cells);
    }

    public String render() {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) width[c] = header[c].length();
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        for (String[] r : rows) line(sb, r, width);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) sb.append("  ");
            String cell = cells[c];
            String pad = " ".repeat(width[c] - cell.length());
            sb.append(c == 0 ? cell + pad : pad + cell);
        }
        sb.append('\n');
    }
}
