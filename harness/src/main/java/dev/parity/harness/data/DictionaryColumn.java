package dev.parity.harness.data;

import dev.parity.harness.results.SampleInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text column dictionary-encoded as its rows are read (distinct values in order of first appearance, and an int
 * per row), so that a label or slice column of a million rows costs four bytes a row, not a million strings.
 */
final class DictionaryColumn {
    private final String name;
    private final Map<String, Integer> codeOf = new HashMap<>();
    private final List<String> levels = new ArrayList<>();
    private int[] codes = new int[1024];
    private int rows;

    DictionaryColumn(String name) {
        this.name = name;
    }

    void add(String value) {
        Integer code = codeOf.get(value);
        if (code == null) {
            code = levels.size();
            codeOf.put(value, code);
            levels.add(value);
        }
        if (rows == codes.length) codes = Arrays.copyOf(codes, codes.length * 2);
        codes[rows++] = code;
    }

    SampleInfo.SliceColumn column() {
        return new SampleInfo.SliceColumn(name, levels, Arrays.copyOf(codes, rows));
    }

    static List<DictionaryColumn> of(List<String> names) {
        return names.stream().map(DictionaryColumn::new).toList();
    }

    /** The finished columns by name, in order. */
    static Map<String, SampleInfo.SliceColumn> byName(List<DictionaryColumn> columns) {
        Map<String, SampleInfo.SliceColumn> out = new LinkedHashMap<>();
        for (DictionaryColumn c : columns) out.put(c.name, c.column());
        return out;
    }
}
