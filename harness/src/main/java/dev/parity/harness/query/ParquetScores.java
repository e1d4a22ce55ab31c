package dev.parity.harness.query;

import dev.parity.harness.parquet.ParquetCursor;
import dev.parity.harness.parquet.ParquetDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * scores.parquet read into the same Tablesaw table {@link RunTable} makes of scores.csv: each column as the type
 * {@code types} gives it (scores float32, labels int, the rest text), nulls as missing cells.
 */
final class ParquetScores {
    private ParquetScores() {
    }

    static Table read(Path file, Function<String, ColumnType> types) {
        ParquetDataset data = ParquetDataset.open(file);
        List<String> names = data.columns().stream().map(ParquetDataset.Column::name).toList();
        List<Column<?>> columns = new ArrayList<>();
        for (String n : names) {
            ColumnType t = types.apply(n);
            columns.add(t == ColumnType.FLOAT ? FloatColumn.create(n) : t == ColumnType.INTEGER ? IntColumn.create(n)
                    : StringColumn.create(n));
        }
        try (ParquetCursor cursor = new ParquetCursor(data, names)) {
            while (cursor.next()) {
                for (int c = 0; c < names.size(); c++) {
                    Column<?> col = columns.get(c);
                    String text = col instanceof StringColumn ? cursor.text(c) : null;
                    if (col instanceof FloatColumn f) {
                        f.append((float) cursor.number(c));
                    } else if (col instanceof IntColumn i) {
                        String v = cursor.text(c);
                        if (v == null) i.appendMissing();
                        else i.append(Integer.parseInt(v));
                    } else if (text == null) {
                        col.appendMissing();
                    } else {
                        ((StringColumn) col).append(text);
                    }
                }
            }
        }
        return Table.create(file.getFileName().toString(), columns);
    }
}
