package dev.parity.harness.parquet;

import dev.parity.harness.ParityInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet dataset: one file, or a folder of part files as Spark and other engines write them (every
 * {@code *.parquet} in it, in name order, one schema). Only the files' footers are read here: the row count and what
 * each top-level column holds. Rows are read by a {@link ParquetCursor}, a row group at a time.
 */
public final class ParquetDataset {
    private final Path path;
    private final List<Path> parts;
    private final List<long[]> groupRows;
    private final MessageType schema;
    private final Map<String, Column> columns;
    private final long rows;

    /** What a top-level column holds, as far as Parity reads it. */
    public enum Kind {
        /** int32, int64, float or double, without a logical type that makes it something else (a date, a decimal) */
        NUMBER,
        /** a list (or repeated field) of numbers: one sample's tensor */
        NUMBER_LIST,
        BOOLEAN,
        /** UTF-8 strings (string, enum, JSON) */
        TEXT,
        /** plain binary: e.g. an encoded image */
        BYTES,
        /** Hugging Face's image feature: a group of the encoded image's {@code bytes} (and its {@code path}) */
        IMAGE,
        /** anything else (nested groups, dates, decimals, maps): named in errors, never read */
        OTHER
    }

    /**
     * @param type    the column's Parquet type as its schema says it, for messages
     * @param element a number or list column's physical number type (int32, int64, float, double), else null
     */
    public record Column(String name, Kind kind, String type, String element) {
    }

    private ParquetDataset(Path path, List<Path> parts, List<long[]> groupRows, MessageType schema) {
        this.path = path;
        this.parts = parts;
        this.groupRows = groupRows;
        this.schema = schema;
        this.columns = new LinkedHashMap<>();
        for (Type t : schema.getFields()) columns.put(t.getName(), new Column(t.getName(), kindOf(t), typeText(t), element(t)));
        long n = 0;
        for (long[] g : groupRows) for (long r : g) n += r;
        this.rows = n;
    }

    /** Whether {@code path} is a Parquet file by name, or a folder holding Parquet part files. */
    public static boolean isParquet(Path path) {
        if (Files.isDirectory(path)) return !partsOf(path).isEmpty();
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** @throws ParityInputException naming the file when one is missing, not Parquet, or has another schema */
    public static ParquetDataset open(Path path) {
        List<Path> parts = Files.isDirectory(path) ? partsOf(path) : List.of(path);
        if (parts.isEmpty()) throw new ParityInputException(path + ": the folder holds no .parquet file");
        MessageType schema = null;
        Path first = null;
        List<long[]> groupRows = new ArrayList<>();
        for (Path part : parts) {
            try (ParquetFileReader r = reader(part)) {
                MessageType s = r.getFooter().getFileMetaData().getSchema();
                if (schema == null) {
                    schema = s;
                    first = part;
                } else if (!schema.equals(s)) {
                    throw new ParityInputException(part + ": its schema differs from " + first.getFileName()
                            + "'s; every part file of " + path + " must have the same columns and types (found "
                            + s.getFields().stream().map(ParquetDataset::typeText).toList() + ", expected "
                            + schema.getFields().stream().map(ParquetDataset::typeText).toList() + ")");
                }
                groupRows.add(r.getRowGroups().stream().mapToLong(BlockMetaData::getRowCount).toArray());
            } catch (IOException e) {
                throw new ParityInputException(part + ": cannot read: " + e.getMessage(), e);
            }
        }
        return new ParquetDataset(path, parts, groupRows, schema);
    }

    /** Opens one file's reader (footer read) with Parity's own codecs and no Hadoop configuration. */
    static ParquetFileReader reader(Path part) {
        if (!Files.isRegularFile(part)) throw new ParityInputException(part + ": file not found");
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE).build();
        try {
            return new ParquetFileReader(new LocalInputFile(part), options);
        } catch (IOException | RuntimeException e) {
            throw new ParityInputException(part + ": not a readable Parquet file: " + e.getMessage());
        }
    }

    private static List<Path> partsOf(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                // Spark's _SUCCESS and .crc files, hidden files: not parts
                return n.toLowerCase(Locale.ROOT).endsWith(".parquet") && !n.startsWith("_") && !n.startsWith(".");
            }).sorted().toList();
        } catch (IOException e) {
            throw new ParityInputException(folder + ": cannot list: " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    public List<Path> parts() {
        return parts;
    }

    /** Rows per row group, per part file. */
    List<long[]> groupRows() {
        return groupRows;
    }

    MessageType schema() {
        return schema;
    }

    public long rows() {
        return rows;
    }

    /** Top-level columns in schema order. */
    public List<Column> columns() {
        return List.copyOf(columns.values());
    }

    /** @return the column, or null when there is none of that name */
    public Column column(String name) {
        return columns.get(name);
    }

    /** The column, or an error naming the dataset's columns. */
    public Column require(String name, String role) {
        Column c = columns.get(name);
        if (c == null) {
            throw new ParityInputException(path + ": no column '" + name + "' (" + role + "); columns: "
                    + columns.keySet());
        }
        return c;
    }

    private static String element(Type t) {
        PrimitiveType p = t.isPrimitive() ? t.asPrimitiveType() : listElement(t.asGroupType());
        return p == null || !isNumber(p) ? null : p.getPrimitiveTypeName().name().toLowerCase(Locale.ROOT);
    }

    static Kind kindOf(Type t) {
        if (t.isPrimitive()) {
            PrimitiveType p = t.asPrimitiveType();
            if (t.isRepetition(Type.Repetition.REPEATED)) return isNumber(p) ? Kind.NUMBER_LIST : Kind.OTHER;
            if (isNumber(p)) return Kind.NUMBER;
            LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
            return switch (p.getPrimitiveTypeName()) {
                case BOOLEAN -> Kind.BOOLEAN;
                case BINARY -> a == null ? Kind.BYTES : isText(a) ? Kind.TEXT : Kind.OTHER;
                default -> Kind.OTHER;
            };
        }
        PrimitiveType element = listElement(t.asGroupType());
        if (element != null) return isNumber(element) ? Kind.NUMBER_LIST : Kind.OTHER;
        return imageBytes(t.asGroupType()) != null ? Kind.IMAGE : Kind.OTHER;
    }

    /** The {@code bytes} field of a Hugging Face image struct (binary, not repeated), or null. */
    static Type imageBytes(GroupType g) {
        if (g.getLogicalTypeAnnotation() != null || !g.containsField("bytes")) return null;
        Type bytes = g.getType("bytes");
        return bytes.isPrimitive() && !bytes.isRepetition(Type.Repetition.REPEATED)
                && bytes.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
                ? bytes : null;
    }

    /**
     * The element of a list column: the standard three levels (a LIST group holding a repeated group of one field),
     * the older two (a LIST group holding a repeated primitive), or null for any other group.
     */
    static PrimitiveType listElement(GroupType g) {
        if (!(g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) return null;
        if (g.getFieldCount() != 1) return null;
        Type repeated = g.getType(0);
        if (!repeated.isRepetition(Type.Repetition.REPEATED)) return null;
        if (repeated.isPrimitive()) return repeated.asPrimitiveType();
        GroupType inner = repeated.asGroupType();
        if (inner.getFieldCount() != 1 || !inner.getType(0).isPrimitive()) return null;
        return inner.getType(0).asPrimitiveType();
    }

    static boolean isNumber(PrimitiveType p) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case FLOAT, DOUBLE -> a == null;
            case INT32, INT64 -> a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
            default -> false;
        };
    }

    private static boolean isText(LogicalTypeAnnotation a) {
        return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
    }

    static String typeText(Type t) {
        return t.toString().replaceAll("\\s+", " ").trim();
    }
}
