package dev.parity.harness.output;

import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gates as a variant x gate matrix, compact enough to read at a glance: variants with failures first (most
 * failures first, then spec order), gate columns in the order they were evaluated, the measured value in each cell.
 */
record GateMatrix(List<String> columns, List<Row> rows) {

    /** One variant's row; a cell is null where the variant has no such gate. */
    record Row(String variant, long failures, List<GateResult> cells) {
    }

    static GateMatrix of(List<GateResult> gates) {
        Set<String> columns = new LinkedHashSet<>();
        Map<String, Map<String, GateResult>> byVariant = new LinkedHashMap<>();
        for (GateResult g : gates) {
            columns.add(g.name());
            byVariant.computeIfAbsent(g.variant(), k -> new LinkedHashMap<>()).put(g.name(), g);
        }
        List<Row> rows = new ArrayList<>();
        byVariant.forEach((v, cells) -> {
            List<GateResult> line = new ArrayList<>();
            for (String c : columns) line.add(cells.get(c));
            long fails = cells.values().stream().filter(g -> g.status() == GateResult.Status.FAIL).count();
            rows.add(new Row(v, fails, line));
        });
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::failures).reversed()); // stable: spec order among equals
        return new GateMatrix(List.copyOf(columns), sorted);
    }

    /** A cell's text: the measured value, or "skipped", or "-" where the gate does not apply. */
    static String cell(GateResult g) {
        if (g == null) return "-";
        if (g.status() == GateResult.Status.SKIPPED) return "skipped";
        return g.measured() == null ? g.status().name().toLowerCase(java.util.Locale.ROOT) : Format.num(g.measured());
    }

    /** The failed gates first, then the skipped ones: the details a reader needs below the matrix. */
    static List<GateResult> details(List<GateResult> gates) {
        List<GateResult> out = new ArrayList<>();
        gates.stream().filter(g -> g.status() == GateResult.Status.FAIL).forEach(out::add);
        gates.stream().filter(g -> g.status() == GateResult.Status.SKIPPED).forEach(out::add);
        return out;
    }
}
