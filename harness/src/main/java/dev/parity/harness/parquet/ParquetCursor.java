package dev.parity.harness.parquet;

import dev.parity.harness.ParityInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Some top-level columns of a {@link ParquetDataset}, read row by row in order across its part files, one row group
 * in memory at a time (only the asked-for columns' pages are read). Each accessor reads the current row's value of
 * one column; {@link #next()} moves every column past the row. Errors name the part file, row group, row and column.
 */
public final class ParquetCursor implements AutoCloseable {
    private final ParquetDataset data;
    private final List<String> names;
    private final MessageType projection;
    private final ColumnDescriptor[] leaves;
    private final PrimitiveType.PrimitiveTypeName[] types;
    private final boolean[] unsigned;
    private final boolean[] lists;
    private ParquetFileReader reader;
    private ColumnReader[] readers;
    private long[] readCount;
    private boolean[] done;
    private int part = -1;
    private int group = -1;
    private long groupRowsLeft;
    private long fileRow = -1;
    private long row = -1;

    /** @param columns top-level columns to read, each a number, boolean, text, bytes or a list of numbers */
    public ParquetCursor(ParquetDataset data, List<String> columns) {
        this.data = data;
        this.names = List.copyOf(columns);
        MessageType schema = data.schema();
        // an image struct is read by its bytes alone (its path may name a file on another machine)
        this.projection = new MessageType(schema.getName(), names.stream().map(schema::getType).map(t ->
                !t.isPrimitive() && ParquetDataset.kindOf(t) == ParquetDataset.Kind.IMAGE
                        ? new GroupType(t.getRepetition(), t.getName(), ParquetDataset.imageBytes(t.asGroupType()))
                        : t).toList());
        int n = names.size();
        leaves = new ColumnDescriptor[n];
        types = new PrimitiveType.PrimitiveTypeName[n];
        unsigned = new boolean[n];
        lists = new boolean[n];
        for (int c = 0; c < n; c++) {
            String name = names.get(c);
            Type t = projection.getType(name);
            List<ColumnDescriptor> under = projection.getColumns().stream()
                    .filter(d -> d.getPath()[0].equals(name)).toList();
            if (under.size() != 1) {
                throw new ParityInputException(data.path() + ": column '" + names.get(c) + "' is a nested group ("
                        + ParquetDataset.typeText(t) + "); Parity reads numbers, text and lists of numbers");
            }
            leaves[c] = under.get(0);
            PrimitiveType p = leaves[c].getPrimitiveType();
            types[c] = p.getPrimitiveTypeName();
            unsigned[c] = p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                    && !i.isSigned();
            lists[c] = leaves[c].getMaxRepetitionLevel() > 0;
        }
    }

    /** Dataset row of the current row (0 first); -1 before the first {@link #next()}. */
    public long row() {
        return row;
    }

    /** Moves to the next row; false past the last. */
    public boolean next() {
        if (row >= 0) for (int c = 0; c < readers.length; c++) if (!done[c]) skipValues(c);
        while (groupRowsLeft == 0) {
            if (!nextGroup()) return false;
        }
        groupRowsLeft--;
        fileRow++;
        row++;
        java.util.Arrays.fill(done, false);
        return true;
    }

    /** Moves to dataset row {@code target} (not before the current one), passing whole row groups unread. */
    public void moveTo(long target) {
        if (target < row) throw new IllegalStateException("row " + target + " is behind the cursor (row " + row + ")");
        while (row < target) {
            // at a row group's end, whole groups that end before the target are passed without decoding a page
            if (groupRowsLeft == 0 && skipGroupsBefore(target)) continue;
            if (!next()) throw new ParityInputException(data.path() + ": ended at row " + row + " before row " + target);
        }
    }

    /** The current row's number; an error naming the cell when it is null. */
    public double number(int c) {
        ColumnReader r = value(c);
        if (r.getCurrentDefinitionLevel() < leaves[c].getMaxDefinitionLevel()) {
            consume(c);
            throw error(c, "expected a number, found null (a missing value)");
        }
        double v = read(r, c);
        consume(c);
        done[c] = true;
        return v;
    }

    /** The current row's value as text (numbers in Java's shortest form, booleans true/false); null for null. */
    public String text(int c) {
        ColumnReader r = value(c);
        String out = null;
        if (r.getCurrentDefinitionLevel() == leaves[c].getMaxDefinitionLevel()) {
            out = switch (types[c]) {
                case BINARY, FIXED_LEN_BYTE_ARRAY -> new String(r.getBinary().getBytes(), StandardCharsets.UTF_8);
                case BOOLEAN -> Boolean.toString(r.getBoolean());
                case INT32 -> unsigned[c] ? Integer.toUnsignedString(r.getInteger()) : Integer.toString(r.getInteger());
                case INT64 -> unsigned[c] ? Long.toUnsignedString(r.getLong()) : Long.toString(r.getLong());
                case FLOAT -> Float.toString(r.getFloat());
                default -> Double.toString(r.getDouble());
            };
        }
        consume(c);
        done[c] = true;
        return out;
    }

    /** The current row's bytes; null for null. */
    public byte[] bytes(int c) {
        ColumnReader r = value(c);
        byte[] out = r.getCurrentDefinitionLevel() == leaves[c].getMaxDefinitionLevel() ? r.getBinary().getBytes() : null;
        consume(c);
        done[c] = true;
        return out;
    }

    /**
     * The current row's list of numbers into {@code out[offset..offset+expected)}.
     *
     * @throws ParityInputException when the list is null, holds a null, or has another length than {@code expected}
     */
    public void numbers(int c, float[] out, int offset, int expected) {
        ColumnReader r = value(c);
        int max = leaves[c].getMaxDefinitionLevel();
        int entries = 0;
        int nullAt = -1;
        do {
            // an entry below the full definition level is a null element, or (alone) a null or empty list
            if (r.getCurrentDefinitionLevel() == max) {
                if (entries < expected) out[offset + entries] = (float) read(r, c);
            } else if (nullAt < 0) {
                nullAt = entries;
            }
            entries++;
            consume(c);
        } while (moreInRow(c));
        done[c] = true;
        if (nullAt == 0 && entries == 1) {
            throw error(c, "expected a list of " + expected + " numbers, found a null or empty list");
        }
        if (nullAt >= 0) throw error(c, "expected numbers, found a null at position " + nullAt + " of the list");
        if (entries != expected) {
            throw error(c, "expected a list of " + expected + " numbers (the preprocessing's shape), found " + entries);
        }
    }

    /** Where the current row of column {@code c} is, for messages. */
    public String where(int c) {
        Path file = data.parts().get(Math.max(part, 0));
        return file + ": row group " + group + ", row " + fileRow + " of the file" + (data.parts().size() > 1
                ? " (dataset row " + row + ")" : "") + ", column '" + names.get(c) + "'";
    }

    /** An input error at the current row of column {@code c}. */
    public ParityInputException error(int c, String problem) {
        return new ParityInputException(where(c) + ": " + problem);
    }

    private ColumnReader value(int c) {
        if (row < 0) throw new IllegalStateException("next() first");
        if (done[c]) throw new IllegalStateException("column '" + names.get(c) + "' already read in row " + row);
        return readers[c];
    }

    private double read(ColumnReader r, int c) {
        return switch (types[c]) {
            case DOUBLE -> r.getDouble();
            case FLOAT -> r.getFloat();
            case INT32 -> unsigned[c] ? Integer.toUnsignedLong(r.getInteger()) : r.getInteger();
            case INT64 -> unsigned[c] && r.getLong() < 0 ? Double.parseDouble(Long.toUnsignedString(r.getLong()))
                    : r.getLong();
            case BOOLEAN -> r.getBoolean() ? 1 : 0;
            default -> throw error(c, "expected a number, found " + types[c].name().toLowerCase(java.util.Locale.ROOT));
        };
    }

    private void consume(int c) {
        readers[c].consume();
        readCount[c]++;
    }

    /** Whether the column's next value continues the current row (a list's next element). */
    private boolean moreInRow(int c) {
        return readCount[c] < readers[c].getTotalValueCount() && readers[c].getCurrentRepetitionLevel() > 0;
    }

    private void skipValues(int c) {
        do {
            // a value never read must be skipped before it is consumed: consume() alone moves the levels, not the values
            if (readers[c].getCurrentDefinitionLevel() == leaves[c].getMaxDefinitionLevel()) readers[c].skip();
            consume(c);
        } while (lists[c] && moreInRow(c));
    }

    private boolean skipGroupsBefore(long target) {
        boolean skipped = false;
        while (true) {
            if (reader == null || group + 1 >= data.groupRows().get(part).length) {
                if (!openNextPart()) return skipped;
            }
            long rowsInNext = data.groupRows().get(part)[group + 1];
            if (row + rowsInNext >= target) return skipped;
            reader.skipNextRowGroup();
            group++;
            row += rowsInNext;
            fileRow += rowsInNext;
            groupRowsLeft = 0;
            java.util.Arrays.fill(done, true); // the skipped groups' readers are gone: nothing left to pass
            skipped = true;
        }
    }

    private boolean nextGroup() {
        if (reader == null || group + 1 >= data.groupRows().get(part).length) {
            if (!openNextPart()) return false;
        }
        try {
            PageReadStore pages = reader.readNextRowGroup();
            group++;
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Ignored(projection), projection,
                    reader.getFooter().getFileMetaData().getCreatedBy());
            for (int c = 0; c < leaves.length; c++) readers[c] = store.getColumnReader(leaves[c]);
            java.util.Arrays.fill(readCount, 0);
            groupRowsLeft = pages.getRowCount();
            return true;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ParityInputException p) throw p;
            throw new ParityInputException(data.parts().get(part) + ": row group " + (group + 1) + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private boolean openNextPart() {
        while (true) {
            closeReader();
            if (part + 1 >= data.parts().size()) return false;
            part++;
            group = -1;
            fileRow = -1;
            reader = ParquetDataset.reader(data.parts().get(part));
            reader.setRequestedSchema(projection);
            if (readers == null) {
                readers = new ColumnReader[leaves.length];
                readCount = new long[leaves.length];
                done = new boolean[leaves.length];
            }
            if (data.groupRows().get(part).length > 0) return true;
        }
    }

    private void closeReader() {
        if (reader == null) return;
        try {
            reader.close();
        } catch (IOException e) {
            // a reader that read to its end has nothing left to lose
        }
        reader = null;
    }

    @Override
    public void close() {
        closeReader();
    }

    /** Parity reads values from the column readers itself; the record converter they ask for is never called. */
    private static final class Ignored extends GroupConverter {
        private final Converter[] fields;

        Ignored(GroupType type) {
            fields = new Converter[type.getFieldCount()];
            for (int i = 0; i < fields.length; i++) {
                Type t = type.getType(i);
                fields[i] = t.isPrimitive() ? new PrimitiveConverter() { } : new Ignored(t.asGroupType());
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
