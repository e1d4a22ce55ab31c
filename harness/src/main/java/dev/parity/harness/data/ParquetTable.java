package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.parquet.ParquetCursor;
import dev.parity.harness.parquet.ParquetDataset;
import java.nio.file.Path;
import java.util.List;

/**
 * A Parquet dataset's samples: its feature columns as a CSV table's (one number per column per row), or one list
 * column holding each sample's tensor. Rows stream a row group at a time; each value is checked as it is read (a
 * finite number the model's input type holds; a list of the preprocessing's length), and an error names the part
 * file, row group, row and column.
 */
public final class ParquetTable implements SampleSource {
    private final ParquetDataset data;
    private final List<String> features;
    private final boolean tensor;
    private final int perRow;
    private final double maxMagnitude;
    private ParquetCursor cursor;

    private ParquetTable(ParquetDataset data, List<String> features, boolean tensor, int perRow, double maxMagnitude) {
        this.data = data;
        this.features = features;
        this.tensor = tensor;
        this.perRow = perRow;
        this.maxMagnitude = maxMagnitude;
    }

    /**
     * @param features      number columns, or one list column
     * @param perSample     values per sample the preprocessing's shape needs (a list column's length)
     * @param maxMagnitude  the largest |value| the model's input type holds (65504 for float16)
     */
    public static ParquetTable open(Path path, List<String> features, long perSample, double maxMagnitude) {
        ParquetDataset data = ParquetDataset.open(path);
        if (data.rows() == 0) throw new ParityInputException(path + ": the dataset has no rows");
        boolean tensor = features.size() == 1
                && data.require(features.get(0), "a feature").kind() == ParquetDataset.Kind.NUMBER_LIST;
        for (String f : features) {
            ParquetDataset.Column c = data.require(f, "a feature");
            if (!tensor && c.kind() != ParquetDataset.Kind.NUMBER) {
                throw new ParityInputException(path + ": column '" + f + "' is " + c.type() + "; a feature column "
                        + "holds numbers (int32, int64, float, double), or one list column holds each sample's tensor");
            }
        }
        return new ParquetTable(data, features, tensor, tensor ? Math.toIntExact(perSample) : features.size(),
                maxMagnitude);
    }

    /** Whether {@code features} name one list column: each row's list is a sample's tensor. */
    public boolean tensor() {
        return tensor;
    }

    @Override
    public Path path() {
        return data.path();
    }

    @Override
    public long rows() {
        return data.rows();
    }

    @Override
    public long rowElements() {
        return perRow;
    }

    @Override
    public long[] shape() {
        return new long[] {data.rows(), perRow};
    }

    @Override
    public String elementType() {
        // as NPY names dtypes: a list column's element type; a table's cells are read as float64, as CSV cells are
        return tensor ? data.column(features.get(0)).element() : "float64";
    }

    @Override
    public void read(long first, int count, float[] out) {
        if (first < 0 || count < 0 || first + count > data.rows()) {
            throw new IndexOutOfBoundsException("rows " + first + ".." + (first + count) + " of " + data.rows());
        }
        if (cursor == null || first <= cursor.row()) {
            if (cursor != null) cursor.close();
            cursor = new ParquetCursor(data, features);
        }
        if (first > 0) cursor.moveTo(first - 1);
        for (int r = 0, k = 0; r < count; r++, k += perRow) {
            if (!cursor.next()) {
                throw new ParityInputException(data.path() + ": ended at row " + cursor.row() + "; it had "
                        + data.rows() + " rows when it was opened (was it changed during the run?)");
            }
            if (tensor) {
                cursor.numbers(0, out, k, perRow);
                for (int j = 0; j < perRow; j++) check(out[k + j], 0, "a number in the list at position " + j);
            } else {
                for (int f = 0; f < perRow; f++) out[k + f] = (float) check(cursor.number(f), f, "");
            }
        }
    }

    private double check(double v, int column, String what) {
        if (!Double.isFinite(v) || Float.isInfinite((float) v)) {
            throw cursor.error(column, "expected a finite number" + (what.isEmpty() ? "" : " (" + what + ")")
                    + ", found " + v);
        }
        if (Math.abs(v) > maxMagnitude) {
            throw cursor.error(column, "expected a value the model's input type holds (|x| <= " + (float) maxMagnitude
                    + ")" + (what.isEmpty() ? "" : " (" + what + ")") + ", found " + v);
        }
        return v;
    }

    @Override
    public void close() {
        if (cursor != null) cursor.close();
        cursor = null;
    }
}
