package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.parquet.ParquetCursor;
import dev.parity.harness.parquet.ParquetDataset;
import dev.parity.harness.results.SampleInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Label, id and slice columns of a Parquet dataset, read in one pass and dictionary-encoded as {@link CsvTable} keeps
 * a CSV's: numbers as text in Java's shortest form, booleans as true/false, strings as they are.
 */
final class ParquetColumns {
    private ParquetColumns() {
    }

    /** @return by column name, in the order asked; every row must have a value in each */
    static Map<String, SampleInfo.SliceColumn> read(Path path, List<String> names) {
        if (names.isEmpty()) return Map.of();
        ParquetDataset data = ParquetDataset.open(path);
        for (String n : names) {
            ParquetDataset.Column c = data.require(n, "a label, id or slice column");
            if (c.kind() != ParquetDataset.Kind.NUMBER && c.kind() != ParquetDataset.Kind.TEXT
                    && c.kind() != ParquetDataset.Kind.BOOLEAN) {
                throw new ParityInputException(path + ": column '" + n + "' is " + c.type() + "; a label, id or "
                        + "slice column holds numbers, booleans or strings");
            }
        }
        List<DictionaryColumn> columns = DictionaryColumn.of(names);
        try (ParquetCursor cursor = new ParquetCursor(data, names)) {
            while (cursor.next()) {
                for (int i = 0; i < names.size(); i++) {
                    String v = cursor.text(i);
                    if (v == null || v.isEmpty()) {
                        throw cursor.error(i, "expected a value, found " + (v == null ? "null" : "an empty string"));
                    }
                    columns.get(i).add(v);
                }
            }
        }
        return DictionaryColumn.byName(columns);
    }
}
