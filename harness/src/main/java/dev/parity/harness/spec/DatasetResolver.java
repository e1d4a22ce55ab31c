package dev.parity.harness.spec;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.parquet.ParquetDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Resolves a spec's {@code dataset} block: which kind of data {@code inputs} is, which columns mean what (checked
 * against the CSV headers), the preprocessing and its shape; and a variant's preprocessing overrides.
 */
final class DatasetResolver {
    /** The slice column an image folder has without metadata: each sample's class folder. */
    static final String CLASS_SLICE = ResolvedSpec.Dataset.CLASS_SLICE;
    private final Path dir;
    private final BiFunction<String, String, ParityInputException> error;
    /** The CSV columns holding heads' labels, for the spec being resolved. */
    private List<String> headLabels = List.of();

    DatasetResolver(Path dir, BiFunction<String, String, ParityInputException> error) {
        this.dir = dir;
        this.error = error;
    }

    record Resolved(Path inputs, ResolvedSpec.Dataset dataset, Path labels, Path calibration, String positiveLabel,
                    ResolvedSpec.Preprocessing preprocessing) {
    }

    Resolved resolve(EvalSpec.DatasetSpec ds, boolean fixedThreshold) {
        return resolve(ds, fixedThreshold, List.of());
    }

    /**
     * @param fixedThreshold whether the spec can do without dataset labels (a fixed threshold, a multi-class score,
     *                       or heads with labels of their own)
     * @param headLabels     CSV columns that are heads' labels: never features
     */
    Resolved resolve(EvalSpec.DatasetSpec ds, boolean fixedThreshold, List<String> headLabels) {
        this.headLabels = headLabels;
        if (ds == null) throw error.apply("dataset", "is required");
        if (ds.inputs() == null) throw error.apply("dataset.inputs", "is required");
        Path inputs = dir.resolve(ds.inputs()).normalize();
        Path labels = ds.labels() == null ? null : dir.resolve(ds.labels()).normalize();
        Path calibration = ds.calibration() == null ? null : dir.resolve(ds.calibration()).normalize();
        Path metadata = ds.metadata() == null ? null : dir.resolve(ds.metadata()).normalize();
        ResolvedSpec.DataKind kind = kindOf(inputs, ds);
        // an image folder's class folders are a slice column of their own, sliced by unless the spec lists others
        boolean folders = kind == ResolvedSpec.DataKind.IMAGE_FOLDER;
        List<String> slices = ds.slices() != null ? ds.slices() : folders ? List.of(CLASS_SLICE) : List.of();
        if (new HashSet<>(slices).size() != slices.size()) throw error.apply("dataset.slices", "names a column twice");

        onlyFor(kind, ds.labels() != null, "dataset.labels", "an NPY file of labels goes with NPY inputs; a CSV's "
                + "labels are its 'dataset.label' column", ResolvedSpec.DataKind.NPY);
        onlyFor(kind, ds.features() != null, "dataset.features", "lists a table's input columns (CSV or Parquet)",
                ResolvedSpec.DataKind.CSV, ResolvedSpec.DataKind.PARQUET);
        onlyFor(kind, ds.label() != null, "dataset.label", "names a CSV or Parquet column (an image folder's labels "
                + "are its class folders)", ResolvedSpec.DataKind.CSV, ResolvedSpec.DataKind.PARQUET,
                ResolvedSpec.DataKind.IMAGE_LIST);
        onlyFor(kind, ds.metadata() != null, "dataset.metadata", "joins columns to NPY or image data; a CSV "
                + "table's slices are its own columns", ResolvedSpec.DataKind.NPY, ResolvedSpec.DataKind.IMAGE_FOLDER,
                ResolvedSpec.DataKind.IMAGE_LIST);
        onlyFor(kind, ds.skipUnreadable() != null, "dataset.skip_unreadable", "applies to images",
                ResolvedSpec.DataKind.IMAGE_FOLDER, ResolvedSpec.DataKind.IMAGE_LIST);
        boolean hasLabels = labels != null || ds.label() != null || kind == ResolvedSpec.DataKind.IMAGE_FOLDER;
        if (!hasLabels && !fixedThreshold) {
            throw error.apply(kind == ResolvedSpec.DataKind.NPY ? "dataset.labels" : "dataset.label",
                    "is required unless a fixed 'threshold' is given (the threshold is fitted to target_precision "
                            + "against the labels)");
        }
        if (ds.positiveLabel() != null && labels != null && !ds.positiveLabel().matches("-?\\d+")) {
            throw error.apply("dataset.positive_label", "must be a whole number for NPY labels, found '"
                    + ds.positiveLabel() + "'");
        }

        List<String> features = null;
        ResolvedSpec.SampleColumn sampleColumn = ResolvedSpec.SampleColumn.NONE;
        String id = ds.id();
        if (kind.table() || kind == ResolvedSpec.DataKind.IMAGE_LIST) {
            ParquetDataset parquet = kind == ResolvedSpec.DataKind.PARQUET ? ParquetDataset.open(inputs) : null;
            CsvFormat.Header header = parquet != null ? header(parquet) : CsvFormat.header(inputs);
            requireColumn(header, ds.label(), "dataset.label");
            requireColumn(header, id, "dataset.id");
            if (kind == ResolvedSpec.DataKind.IMAGE_LIST) requireColumn(header, ds.path(), "dataset.path");
            if (metadata == null) {
                for (int i = 0; i < slices.size(); i++) requireColumn(header, slices.get(i), "dataset.slices[" + i + "]");
            }
            if (kind.table()) features = features(ds, header, slices);
            if (parquet != null) sampleColumn = sampleColumn(parquet, features);
        }
        List<String> fromFiles = folders ? slices.stream().filter(c -> !c.equals(CLASS_SLICE)).toList() : slices;
        if (metadata != null) {
            CsvFormat.Header meta = CsvFormat.header(metadata);
            for (int i = 0; i < slices.size(); i++) {
                if (fromFiles.contains(slices.get(i))) requireColumn(meta, slices.get(i), "dataset.slices[" + i + "]");
            }
            if (id != null && meta.index(id) < 0) {
                throw error.apply("dataset.id", "names '" + id + "', which " + metadata + " does not have (its "
                        + "rows are joined to the samples by it); columns: " + meta.columns());
            }
        } else if (!fromFiles.isEmpty() && !kind.table() && kind != ResolvedSpec.DataKind.IMAGE_LIST) {
            throw error.apply("dataset.slices", "needs 'dataset.metadata', a CSV with the slice columns for "
                    + "these " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " samples");
        }
        if (id != null && kind == ResolvedSpec.DataKind.NPY && metadata == null) {
            throw error.apply("dataset.id", "names a column of 'dataset.metadata', which is not given");
        }

        ResolvedSpec.Dataset dataset = new ResolvedSpec.Dataset(kind, features, ds.label(), id, ds.path(), slices,
                metadata, Boolean.TRUE.equals(ds.skipUnreadable()), sampleColumn);
        ResolvedSpec.Preprocessing pre = preprocessing(ds.preprocessing(), dataset, "dataset.preprocessing", null);
        return new Resolved(inputs, dataset, labels, calibration, ds.positiveLabel(), pre);
    }

    /**
     * A variant's preprocessing: the dataset's keys with the variant's on top; null when that changes nothing.
     */
    ResolvedSpec.Preprocessing override(EvalSpec.PreprocessingSpec base, EvalSpec.PreprocessingSpec v,
                                        ResolvedSpec.Dataset dataset, ResolvedSpec.Preprocessing resolvedBase,
                                        String key) {
        if (v == null) return null;
        EvalSpec.PreprocessingSpec b = base == null ? new EvalSpec.PreprocessingSpec(null, null, null, null) : base;
        EvalSpec.PreprocessingSpec merged = new EvalSpec.PreprocessingSpec(
                pick(v.divideBy(), b.divideBy()), pick(v.mean(), b.mean()), pick(v.std(), b.std()),
                pick(v.shape(), b.shape()), pick(v.resize(), b.resize()),
                pick(v.resizeInterpolation(), b.resizeInterpolation()), pick(v.centerCrop(), b.centerCrop()),
                pick(v.color(), b.color()), pick(v.roundToUint8(), b.roundToUint8()));
        ResolvedSpec.Preprocessing p = preprocessing(merged, dataset, key, resolvedBase.shape());
        if (!java.util.Arrays.equals(p.shape(), resolvedBase.shape())) {
            throw error.apply(key, "gives samples of shape " + java.util.Arrays.toString(p.shape())
                    + " but the model takes " + java.util.Arrays.toString(resolvedBase.shape())
                    + " (the dataset's); a variant's preprocessing may change values, not the shape");
        }
        return p.fingerprint().equals(resolvedBase.fingerprint()) ? null : p;
    }

    private static <T> T pick(T override, T base) {
        return override != null ? override : base;
    }

    private ResolvedSpec.DataKind kindOf(Path inputs, EvalSpec.DatasetSpec ds) {
        String name = inputs.getFileName().toString().toLowerCase(Locale.ROOT);
        if (ParquetDataset.isParquet(inputs)) {
            if (ds.path() != null) throw error.apply("dataset.path", "names a column of a CSV; dataset.inputs is Parquet");
            return ResolvedSpec.DataKind.PARQUET;
        }
        if (Files.isDirectory(inputs)) {
            if (ds.path() != null) throw error.apply("dataset.path", "names a CSV column; dataset.inputs is a folder");
            return ResolvedSpec.DataKind.IMAGE_FOLDER;
        }
        if (name.endsWith(".csv")) return ds.path() != null ? ResolvedSpec.DataKind.IMAGE_LIST : ResolvedSpec.DataKind.CSV;
        if (ds.path() != null) throw error.apply("dataset.path", "names a column of a CSV; dataset.inputs is not one");
        return ResolvedSpec.DataKind.NPY;
    }

    private void onlyFor(ResolvedSpec.DataKind kind, boolean given, String key, String why,
                         ResolvedSpec.DataKind... kinds) {
        if (given && !List.of(kinds).contains(kind)) {
            throw error.apply(key, why + "; dataset.inputs is " + describe(kind));
        }
    }

    private static String describe(ResolvedSpec.DataKind kind) {
        return switch (kind) {
            case NPY -> "an NPY file";
            case CSV -> "a CSV table";
            case PARQUET -> "a Parquet table";
            case IMAGE_FOLDER -> "a folder of images";
            case IMAGE_LIST -> "a CSV listing images";
        };
    }

    private void requireColumn(CsvFormat.Header h, String column, String key) {
        if (column != null && h.index(column) < 0) {
            throw error.apply(key, "names '" + column + "', which " + h.file() + " does not have; its columns are "
                    + h.columns());
        }
    }

    /** A Parquet dataset's columns as a header: numeric are its number columns (a list column is not). */
    private static CsvFormat.Header header(ParquetDataset parquet) {
        List<ParquetDataset.Column> cols = parquet.columns();
        boolean[] numeric = new boolean[cols.size()];
        for (int i = 0; i < numeric.length; i++) numeric[i] = cols.get(i).kind() == ParquetDataset.Kind.NUMBER;
        return new CsvFormat.Header(parquet.path(), cols.stream().map(ParquetDataset.Column::name).toList(), numeric);
    }

    /**
     * Whether the features are one column holding each whole sample (a list of numbers, or an encoded image: plain
     * binary, or Hugging Face's image struct of bytes and path); such a column among others, or a feature column
     * that holds none of these, is refused naming it.
     */
    private ResolvedSpec.SampleColumn sampleColumn(ParquetDataset parquet, List<String> features) {
        for (int i = 0; i < features.size(); i++) {
            ParquetDataset.Column c = parquet.column(features.get(i));
            ResolvedSpec.SampleColumn whole = switch (c.kind()) {
                case NUMBER_LIST -> ResolvedSpec.SampleColumn.NUMBERS;
                case BYTES, IMAGE -> ResolvedSpec.SampleColumn.IMAGE;
                default -> null;
            };
            if (whole != null) {
                if (features.size() > 1) {
                    throw error.apply("dataset.features[" + i + "]", "'" + c.name() + "' holds whole samples ("
                            + (whole == ResolvedSpec.SampleColumn.IMAGE ? "images" : "lists") + "); such a column "
                            + "must be the only feature");
                }
                return whole;
            }
            if (c.kind() != ParquetDataset.Kind.NUMBER) {
                throw error.apply("dataset.features[" + i + "]", "'" + c.name() + "' is " + c.type() + " in "
                        + parquet.path() + "; a feature column holds numbers (int32, int64, float, double), or one "
                        + "column holds each whole sample (a list of numbers, or encoded images)");
            }
        }
        return ResolvedSpec.SampleColumn.NONE;
    }

    private List<String> features(EvalSpec.DatasetSpec ds, CsvFormat.Header header, List<String> slices) {
        if (ds.features() != null) {
            if (ds.features().isEmpty()) throw error.apply("dataset.features", "must list at least one column");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ds.features().size(); i++) {
                String f = ds.features().get(i);
                requireColumn(header, f, "dataset.features[" + i + "]");
                if (!seen.add(f)) throw error.apply("dataset.features[" + i + "]", "'" + f + "' is listed twice");
                if (f.equals(ds.label()) || f.equals(ds.id()) || headLabels.contains(f)) {
                    throw error.apply("dataset.features[" + i + "]", "'" + f + "' is the label or id column");
                }
            }
            return ds.features();
        }
        List<String> out = new ArrayList<>();
        for (String c : header.columns()) {
            if (c.equals(ds.label()) || c.equals(ds.id()) || slices.contains(c) || headLabels.contains(c)) continue;
            if (header.isNumeric(c)) out.add(c);
        }
        if (out.isEmpty()) {
            throw error.apply("dataset.features", "is not given and " + header.file() + " has no numeric column "
                    + "besides the label, id and slices; columns: " + header.columns());
        }
        return out;
    }

    /**
     * @param fallbackShape the shape when neither the spec nor the data gives one (a variant's override), or null
     */
    private ResolvedSpec.Preprocessing preprocessing(EvalSpec.PreprocessingSpec p, ResolvedSpec.Dataset dataset,
                                                     String key, long[] fallbackShape) {
        boolean images = dataset.images();
        if (p == null) {
            boolean whole = dataset.sampleColumn() != ResolvedSpec.SampleColumn.NONE;
            if (!dataset.kind().table() || whole) {
                throw error.apply(key, "is required for " + describe(dataset.kind()) + (whole
                        ? "'s column of whole samples" : "") + (images ? " (at least the shape, or center_crop)"
                        : " (at least the shape)"));
            }
            p = new EvalSpec.PreprocessingSpec(null, null, null, null);
        }
        if (!images && (p.resize() != null || p.resizeInterpolation() != null || p.centerCrop() != null
                || p.color() != null)) {
            throw error.apply(key, "has image steps (resize, resize_interpolation, center_crop, color), which apply "
                    + "to image datasets; dataset.inputs is " + describe(dataset.kind()));
        }
        double divideBy = p.divideBy() == null ? 1.0 : p.divideBy();
        if (!(divideBy > 0) || !Double.isFinite(divideBy)) {
            throw error.apply(key + ".divide_by", "must be a positive number, found " + divideBy);
        }
        ImageSteps steps = images ? imageSteps(p, key) : null;
        long[] shape = shape(p, dataset, steps, key, fallbackShape);
        long channels = shape[0];
        if (steps != null && channels != steps.color().channels) {
            throw error.apply(key + ".shape", "starts with " + channels + " channel(s) but color "
                    + steps.color().label() + " gives " + steps.color().channels);
        }
        double[] mean = perChannel(p.mean(), 0.0, channels, key + ".mean");
        double[] std = perChannel(p.std(), 1.0, channels, key + ".std");
        for (double v : std) {
            if (v == 0 || !Double.isFinite(v)) throw error.apply(key + ".std", "must be finite and non-zero, found " + v);
        }
        return new ResolvedSpec.Preprocessing(divideBy, mean, std, shape, steps, Boolean.TRUE.equals(p.roundToUint8()));
    }

    private ImageSteps imageSteps(EvalSpec.PreprocessingSpec p, String key) {
        ImageSteps.Color color = p.color() == null ? ImageSteps.Color.RGB : ImageSteps.Color.parse(p.color());
        if (color == null) throw error.apply(key + ".color", "must be rgb or gray, found '" + p.color() + "'");
        ImageSteps.Interpolation interp = p.resizeInterpolation() == null ? ImageSteps.Interpolation.BILINEAR
                : ImageSteps.Interpolation.parse(p.resizeInterpolation());
        if (interp == null) {
            throw error.apply(key + ".resize_interpolation", "must be bilinear (antialiased, as torchvision's "
                    + "Resize on PIL images) or nearest, found '" + p.resizeInterpolation() + "'");
        }
        int[] resize = sizes(p.resize(), key + ".resize");
        int[] crop = sizes(p.centerCrop(), key + ".center_crop");
        if (crop != null && crop.length == 1) crop = new int[] {crop[0], crop[0]};
        return new ImageSteps(color, resize, interp, crop);
    }

    private int[] sizes(List<Integer> values, String key) {
        if (values == null) return null;
        if (values.size() != 1 && values.size() != 2) {
            throw error.apply(key, "must be [size] or [height, width], found " + values);
        }
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            Integer v = values.get(i);
            if (v == null || v < 1) throw error.apply(key, "entry " + i + " must be >= 1, found " + v);
            out[i] = v;
        }
        return out;
    }

    private long[] shape(EvalSpec.PreprocessingSpec p, ResolvedSpec.Dataset dataset, ImageSteps steps, String key,
                         long[] fallback) {
        long[] fromData = dataset.kind().table() && dataset.sampleColumn() == ResolvedSpec.SampleColumn.NONE
                ? new long[] {dataset.features().size()}
                : steps != null ? steps.outputShape() : null;
        if (p.shape() == null) {
            if (fromData != null) return fromData;
            if (fallback != null) return fallback;
            throw error.apply(key + ".shape", "is required (the per-sample dimensions, e.g. [1, 28, 28])"
                    + (steps != null ? "; or give center_crop, or resize as [height, width]" : ""));
        }
        List<Long> list = p.shape();
        if (list.isEmpty()) throw error.apply(key + ".shape", "must list the per-sample dimensions, e.g. [1, 28, 28]");
        long[] shape = new long[list.size()];
        for (int i = 0; i < shape.length; i++) {
            Long d = list.get(i);
            if (d == null || d < 1) throw error.apply(key + ".shape", "dimension " + i + " must be >= 1, found " + d);
            shape[i] = d;
        }
        if (fromData != null && !java.util.Arrays.equals(shape, fromData)) {
            long n = 1, m = 1;
            for (long d : shape) n *= d;
            for (long d : fromData) m *= d;
            // a table's features may be laid out as any shape of the same size; an image's crop may not
            if (steps != null || n != m) {
                throw error.apply(key + ".shape", "is " + java.util.Arrays.toString(shape) + " but the data gives "
                        + java.util.Arrays.toString(fromData) + (steps != null ? " (channels, crop height, width)"
                        : " (the feature count)"));
            }
        }
        return shape;
    }

    private double[] perChannel(List<Double> values, double dflt, long channels, String key) {
        if (values == null) return new double[] {dflt};
        if (values.size() != 1 && values.size() != channels) {
            throw error.apply(key, "needs 1 value or one per channel (" + channels
                    + ", the first dimension of shape); found " + values.size());
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) throw error.apply(key, "entry " + i + " must be a finite number, found " + v);
            out[i] = v;
        }
        return out;
    }
}
