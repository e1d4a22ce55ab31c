package dev.parity.harness.data;

import com.univocity.parsers.csv.CsvParser;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.spec.CsvFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Some columns of a CSV file, read in one streaming pass and dictionary-encoded ({@link DictionaryColumn}). */
final class CsvColumns {
    private CsvColumns() {
    }

    /** @return by column name, in the order asked; every row must have a non-empty cell in each */
    static Map<String, SampleInfo.SliceColumn> read(Path file, List<String> names) {
        CsvFormat.Header header = CsvFormat.header(file);
        int[] index = new int[names.size()];
        List<DictionaryColumn> columns = DictionaryColumn.of(names);
        for (int i = 0; i < index.length; i++) {
            index[i] = header.index(names.get(i));
            if (index[i] < 0) {
                throw new ParityInputException(file + ": no column '" + names.get(i) + "'; columns: " + header.columns());
            }
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
                    columns.get(i).add(v);
                }
            }
        } finally {
            p.stopParsing();
        }
        return DictionaryColumn.byName(columns);
    }
}
