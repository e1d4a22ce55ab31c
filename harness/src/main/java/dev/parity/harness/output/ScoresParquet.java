package dev.parity.harness.output;

import dev.parity.harness.parquet.ParquetTableWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * scores.parquet: a run's {@link ScoreTable} as Parquet, the same columns as scores.csv: text as UTF-8 strings, labels
 * as int32, scores as float32 (the exact floats, NaN included), row numbers (sample_id without ids) as int64; an
 * empty cell is null.
 */
public final class ScoresParquet {
    private ScoresParquet() {
    }

    public static void write(ScoreTable table, Path file) throws IOException {
        List<ParquetTableWriter.Column> cols = table.columns().stream().map(c -> new ParquetTableWriter.Column(c.name(),
                switch (c.kind()) {
                    case TEXT -> ParquetTableWriter.Type.TEXT;
                    case LABEL -> ParquetTableWriter.Type.INT32;
                    case SCORE -> ParquetTableWriter.Type.FLOAT32;
                    case ROW -> ParquetTableWriter.Type.INT64;
                })).toList();
        ParquetTableWriter.write(file, cols, table.rows(), (c, row) -> table.columns().get(c).cell().at((int) row));
    }
}
