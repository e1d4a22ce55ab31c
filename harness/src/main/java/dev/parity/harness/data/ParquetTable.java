package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.images.ImagePipeline;
import dev.parity.harness.parquet.ParquetCursor;
import dev.parity.harness.parquet.ParquetDataset;
import dev.parity.harness.spec.ImageSteps;
import java.nio.file.Path;
import java.util.List;

/**
 * A Parquet dataset's samples: its feature columns as a CSV table's (one number per column per row), one list
 * column holding each sample's tensor, or one column of encoded images (binary, or Hugging Face's image struct)
 * decoded through the image steps. Rows stream a row group at a time; each value is checked as it is read (a finite
 * number the model's input type holds; a list of the preprocessing's length; an image that decodes to the shape),
 * and an error names the part file, row group, row and column.
 */
public final class ParquetTable implements SampleSource {
    private final ParquetDataset data;
    private final List<String> features;
    private final boolean tensor;
    /** the image steps of a column of encoded images, else null */
    private final ImagePipeline images;
    private final long[] imageShape;
    private final int perRow;
    private final double maxMagnitude;
    private ParquetCursor cursor;

    private ParquetTable(ParquetDataset data, List<String> features, boolean tensor, ImagePipeline images,
                         long[] imageShape, int perRow, double maxMagnitude) {
        this.data = data;
        this.features = features;
        this.tensor = tensor;
        this.images = images;
        this.imageShape = imageShape;
        this.perRow = perRow;
        this.maxMagnitude = maxMagnitude;
    }

    /**
     * @param features      number columns, or one list column
     * @param perSample     values per sample the preprocessing's shape needs (a list column's length)
     * @param maxMagnitude  the largest |value| the model's input type holds (65504 for float16)
     */
    public static ParquetTable open(Path path, List<String> features, long perSample, double maxMagnitude) {
        return open(path, features, perSample, maxMagnitude, null, null);
    }

    /**
     * @param imageSteps  how a column of encoded images is decoded (the preprocessing's image steps), else null
     * @param sampleShape the preprocessing's per-sample shape, which each decoded image must have
     */
    public static ParquetTable open(Path path, List<String> features, long perSample, double maxMagnitude,
                                    ImageSteps imageSteps, long[] sampleShape) {
        ParquetDataset data = ParquetDataset.open(path);
        if (data.rows() == 0) throw new ParityInputException(path + ": the dataset has no rows");
        ParquetDataset.Kind first = data.require(features.get(0), "a feature").kind();
        boolean tensor = features.size() == 1 && first == ParquetDataset.Kind.NUMBER_LIST;
        boolean image = features.size() == 1 && (first == ParquetDataset.Kind.BYTES
                || first == ParquetDataset.Kind.IMAGE);
        for (String f : features) {
            ParquetDataset.Column c = data.require(f, "a feature");
            if (!tensor && !image && c.kind() != ParquetDataset.Kind.NUMBER) {
                throw new ParityInputException(path + ": column '" + f + "' is " + c.type() + "; a feature column "
                        + "holds numbers (int32, int64, float, double), or one column holds each whole sample (a "
                        + "list of numbers, or encoded images)");
            }
        }
        if (image && imageSteps == null) {
            throw new ParityInputException(path + ": column '" + features.get(0) + "' holds encoded images; they need "
                    + "the preprocessing's image steps");
        }
        return new ParquetTable(data, features, tensor, image ? new ImagePipeline(imageSteps) : null, sampleShape,
                tensor || image ? Math.toIntExact(perSample) : features.size(), maxMagnitude);
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
        return images != null ? "uint8" : tensor ? data.column(features.get(0)).element() : "float64";
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
            if (images != null) {
                byte[] encoded = cursor.bytes(0);
                if (encoded == null) throw cursor.error(0, "expected an encoded image, found null");
                float[] v = images.apply(encoded, cursor.where(0));
                if (v.length != perRow) {
                    throw cursor.error(0, "the image decodes to " + v.length + " values; the preprocessing's shape "
                            + java.util.Arrays.toString(imageShape) + " needs " + perRow + " (give resize and "
                            + "center_crop so that every image comes out that size)");
                }
                System.arraycopy(v, 0, out, k, perRow);
            } else if (tensor) {
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
