package dev.parity.harness.parquet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;

/**
 * Writes a flat table to a new Parquet file (snappy pages, pure-Java codecs, no Hadoop configuration): columns of
 * UTF-8 text, 32-bit ints or 32-bit floats, each optional (a null cell is left out), rows given by index. The first
 * column is taken to be the rows' ids (one distinct text a row).
 */
public final class ParquetTableWriter {
    private ParquetTableWriter() {
    }

    public enum Type {
        TEXT, INT32, INT64, FLOAT32
    }

    public record Column(String name, Type type) {
    }

    /** A cell's value: a String (TEXT), Integer (INT32), Long (INT64) or Float (FLOAT32), or null for none. */
    @FunctionalInterface
    public interface Cells {
        Object value(int column, long row);
    }

    /** @throws IOException when the file exists already or cannot be written */
    public static void write(Path file, List<Column> columns, long rows, Cells cells) throws IOException {
        MessageType schema = schema(columns);
        Builder b = new Builder(file, schema, columns, cells)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY);
        // a dictionary pays for repeated text (slices, labels), not for floats or one-per-row text (ids): there it
        // was tried on every page and given up, most of the file's writing time
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).type() != Type.INT32 && (c == 0 || columns.get(c).type() != Type.TEXT)) {
                b.withDictionaryEncoding(columns.get(c).name(), false);
            }
        }
        try (ParquetWriter<Long> w = b.build()) {
            for (long r = 0; r < rows; r++) w.write(r);
        }
    }

    static MessageType schema(List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            switch (c.type()) {
                case TEXT -> b.optional(PrimitiveType.PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType()).named(c.name());
                case INT32 -> b.optional(PrimitiveType.PrimitiveTypeName.INT32).named(c.name());
                case INT64 -> b.optional(PrimitiveType.PrimitiveTypeName.INT64).named(c.name());
                case FLOAT32 -> b.optional(PrimitiveType.PrimitiveTypeName.FLOAT).named(c.name());
            }
        }
        return b.named("scores");
    }

    private static final class Builder extends ParquetWriter.Builder<Long, Builder> {
        private final MessageType schema;
        private final List<Column> columns;
        private final Cells cells;

        Builder(Path file, MessageType schema, List<Column> columns, Cells cells) {
            super(new LocalOutputFile(file));
            this.schema = schema;
            this.columns = columns;
            this.cells = cells;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Long> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new Rows(schema, columns, cells);
        }

        @Override
        protected WriteSupport<Long> getWriteSupport(ParquetConfiguration conf) {
            return new Rows(schema, columns, cells);
        }
    }

    /** Emits row r's cells, column by column, leaving nulls out. */
    private static final class Rows extends WriteSupport<Long> {
        private final MessageType schema;
        private final List<Column> columns;
        private final Cells cells;
        private RecordConsumer out;

        Rows(MessageType schema, List<Column> columns, Cells cells) {
            this.schema = schema;
            this.columns = columns;
            this.cells = cells;
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(Long row) {
            out.startMessage();
            for (int c = 0; c < columns.size(); c++) {
                Object v = cells.value(c, row);
                if (v == null) continue;
                Column col = columns.get(c);
                out.startField(col.name(), c);
                switch (col.type()) {
                    case TEXT -> out.addBinary(Binary.fromConstantByteArray(((String) v).getBytes(StandardCharsets.UTF_8)));
                    case INT32 -> out.addInteger((Integer) v);
                    case INT64 -> out.addLong((Long) v);
                    case FLOAT32 -> out.addFloat((Float) v);
                }
                out.endField(col.name(), c);
            }
            out.endMessage();
        }
    }
}
