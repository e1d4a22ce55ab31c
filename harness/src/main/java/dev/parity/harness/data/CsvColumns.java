package dev.parity.harness.data;

import com.univocity.parsers.csv.CsvParser;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.spec.CsvFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Some columns of a CSV file, read in one streaming pass and dictionary-encoded (distinct values plus one int per
 * row), so that a label or slice column of a million rows costs four bytes a row, not a million strings.
 */
final class CsvColumns {
    private CsvColumns() {
    }

    /** @return by column name, in the order asked; every row must have a non-empty cell in each */
    static Map<String, SampleInfo.SliceColumn> read(Path file, List<String> names) {
        CsvFormat.Header header = CsvFormat.header(file);
        int[] index = new int[names.size()];
        List<Map<String, Integer>> dictionaries = new ArrayList<>();
        List<List<String>> levels = new ArrayList<>();
        List<IntList> codes = new ArrayList<>();
        for (int i = 0; i < index.length; i++) {
            index[i] = header.index(names.get(i));
            if (index[i] < 0) {
                throw new ParityInputException(file + ": no column '" + names.get(i) + "'; columns: " + header.columns());
            }
            dictionaries.add(new HashMap<>());
            levels.add(new ArrayList<>());
            codes.add(new IntList());
        }
        CsvParser p = CsvFormat.parser();
        p.beginParsing(CsvFormat.open(file));
        try {
            p.parseNext();
            String[] row;
            while ((row = p.parseNext()) != null) {
                if (row.length != header.columns().size()) {
                    throw new ParityInputException(file + ": line " + p.getContext().currentLine() + " has "
                            + row.length + " cell(s) but the header has " + header.columns().size() + " columns");
                }
                for (int i = 0; i < index.length; i++) {
                    String v = row[index[i]];
                    if (v == null || v.isEmpty()) {
                        throw new ParityInputException(file + ": line " + p.getContext().currentLine()
                                + ", column '" + names.get(i) + "': expected a value, found an empty cell");
                    }
                    List<String> lv = levels.get(i);
                    int code = dictionaries.get(i).computeIfAbsent(v, k -> {
                        lv.add(k);
                        return lv.size() - 1;
                    });
                    codes.get(i).add(code);
                }
            }
        } finally {
            p.stopParsing();
        }
        Map<String, SampleInfo.SliceColumn> out = new LinkedHashMap<>();
        for (int i = 0; i < index.length; i++) {
            out.put(names.get(i), new SampleInfo.SliceColumn(names.get(i), levels.get(i), codes.get(i).toArray()));
        }
        return out;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
