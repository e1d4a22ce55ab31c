package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Classes;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.spec.CsvFormat;
import dev.parity.harness.spec.ResolvedSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels, ids and slices of a spec's samples, from wherever its kind of data keeps them: an NPY labels file, a
 * CSV's columns, an image folder's class folders and file names, and a metadata CSV joined by id or by row.
 */
public final class SampleInfoLoader {
    private SampleInfoLoader() {
    }

    /** @param source the spec's samples, open (an image set knows its files' names and classes) */
    public static SampleInfo load(ResolvedSpec spec, SampleSource source) {
        if (spec.multiHead()) return forHeads(spec, source);
        return loadOne(spec, source);
    }

    /**
     * A multi-head model's samples: ids and slices as for one score, and each head's labels from its own NPY file
     * or CSV column (read with the dataset's other columns, in one pass).
     */
    private static SampleInfo forHeads(ResolvedSpec spec, SampleSource source) {
        // the spec itself has no labels (each head has its own): ids and slices as for one score
        SampleInfo shared = loadOne(spec, source);
        List<boolean[]> labels = new ArrayList<>();
        Map<String, SampleInfo.SliceColumn> cols = Map.of();
        List<String> columns = spec.heads().stream().map(ResolvedSpec.Head::labelColumn)
                .filter(java.util.Objects::nonNull).distinct().toList();
        if (!columns.isEmpty()) cols = tableColumns(spec, source, columns);
        for (ResolvedSpec.Head h : spec.heads()) {
            if (h.labels() != null) {
                labels.add(Labels.load(h.labels(), source.rows(),
                        h.positiveLabel() == null ? null : Long.parseLong(h.positiveLabel())));
            } else if (h.labelColumn() != null) {
                labels.add(labels(cols.get(h.labelColumn()), h.positiveLabel(), spec.inputs()));
            } else {
                labels.add(null); // a fixed threshold, no labels
            }
        }
        return shared.withHeadLabels(labels);
    }

    private static SampleInfo loadOne(ResolvedSpec spec, SampleSource source) {
        ResolvedSpec.Dataset d = spec.dataset();
        long rows = source.rows();
        String positive = spec.positiveLabel();
        Classes classes = spec.classes();
        return switch (d.kind()) {
            case NPY -> {
                if (classes != null) {
                    int[] labels = spec.labels() == null ? null : ClassLabels.npy(spec.labels(), rows, classes);
                    yield withMetadata(spec, null, null, identity((int) rows)).withClassLabels(labels);
                }
                boolean[] labels = spec.labels() == null ? null : Labels.load(spec.labels(), rows,
                        positive == null ? null : Long.parseLong(positive));
                yield withMetadata(spec, labels, null, identity((int) rows));
            }
            case CSV, PARQUET -> {
                Map<String, SampleInfo.SliceColumn> cols = tableColumns(spec, source, wanted(d, true));
                String[] ids = d.id() == null ? null : values(cols.get(d.id()));
                List<SampleInfo.SliceColumn> slices = d.slices().stream().map(cols::get).toList();
                if (classes != null) {
                    int[] labels = d.label() == null ? null
                            : ClassLabels.column(cols.get(d.label()), classes, spec.inputs());
                    yield new SampleInfo(null, ids, slices, labels);
                }
                boolean[] labels = d.label() == null ? null : labels(cols.get(d.label()), positive, spec.inputs());
                yield new SampleInfo(labels, ids, slices);
            }
            case IMAGE_FOLDER -> {
                ImageSet set = (ImageSet) source;
                boolean[] labels = classes != null ? null : folderLabels(set, positive, spec.inputs());
                SampleInfo info = withClassFolders(withMetadata(spec, labels, set.names().toArray(String[]::new),
                        set.listingRows()), d.slices(), set);
                yield classes == null ? info
                        : info.withClassLabels(ClassLabels.folders(set.classes(), classes, spec.inputs()));
            }
            case IMAGE_LIST -> {
                ImageSet set = (ImageSet) source;
                int[] kept = set.listingRows();
                Map<String, SampleInfo.SliceColumn> cols = CsvTable.columns(spec.inputs(),
                        wanted(d, d.metadata() == null));
                SampleInfo.SliceColumn labelColumn = d.label() == null ? null : subset(cols.get(d.label()), kept);
                boolean[] labels = labelColumn == null || classes != null ? null
                        : labels(labelColumn, positive, spec.inputs());
                int[] classLabels = labelColumn == null || classes == null ? null
                        : ClassLabels.column(labelColumn, classes, spec.inputs());
                String[] ids = d.id() != null ? values(subset(cols.get(d.id()), kept))
                        : set.names().toArray(String[]::new);
                SampleInfo info = d.metadata() != null ? withMetadata(spec, labels, ids, kept)
                        : new SampleInfo(labels, ids, d.slices().stream().map(c -> subset(cols.get(c), kept)).toList());
                yield classLabels == null ? info : info.withClassLabels(classLabels);
            }
        };
    }

    /**
     * The metadata's slices with the built-in class column put where the spec lists it (metadata joined without
     * it has every other slice in the spec's order).
     */
    private static SampleInfo withClassFolders(SampleInfo joined, List<String> slices, ImageSet set) {
        if (!slices.contains(ResolvedSpec.Dataset.CLASS_SLICE)) return joined;
        List<String> levels = set.classes().stream().distinct().sorted().toList();
        int[] codes = set.classes().stream().mapToInt(levels::indexOf).toArray();
        SampleInfo.SliceColumn classes = new SampleInfo.SliceColumn(ResolvedSpec.Dataset.CLASS_SLICE, levels, codes);
        List<SampleInfo.SliceColumn> out = new ArrayList<>();
        java.util.Iterator<SampleInfo.SliceColumn> others = joined.slices().iterator();
        for (String s : slices) out.add(s.equals(ResolvedSpec.Dataset.CLASS_SLICE) ? classes : others.next());
        return new SampleInfo(joined.labels(), joined.ids(), out, joined.classLabels());
    }

    /**
     * Columns of a table dataset: those a CSV table kept when it was parsed (no second pass), else read in one
     * pass of their own (Parquet reads only those columns' pages).
     */
    private static Map<String, SampleInfo.SliceColumn> tableColumns(ResolvedSpec spec, SampleSource source,
                                                                    List<String> names) {
        if (source instanceof CsvTable t) {
            Map<String, SampleInfo.SliceColumn> kept = t.columns(names);
            if (kept != null) return kept;
        }
        return spec.dataset().kind() == ResolvedSpec.DataKind.PARQUET ? ParquetColumns.read(spec.inputs(), names)
                : CsvTable.columns(spec.inputs(), names);
    }

    /** Every column of a table dataset other than features that a run reads: label, id, slices, heads' labels. */
    static List<String> keptColumns(ResolvedSpec spec) {
        List<String> out = wanted(spec.dataset(), true);
        for (ResolvedSpec.Head h : spec.heads()) {
            if (h.labelColumn() != null && !out.contains(h.labelColumn())) out.add(h.labelColumn());
        }
        return out;
    }

    /** The label, id and (when they are the file's own) slice columns. */
    private static List<String> wanted(ResolvedSpec.Dataset d, boolean withSlices) {
        List<String> out = new ArrayList<>();
        if (d.label() != null) out.add(d.label());
        if (d.id() != null) out.add(d.id());
        if (withSlices) for (String s : d.slices()) if (!out.contains(s)) out.add(s);
        return out;
    }

    /**
     * Joins the metadata CSV: by the id column when the spec names one (matched against the samples' ids), else
     * row by row ({@code rows[i]} is sample i's row in the listing the metadata follows).
     */
    private static SampleInfo withMetadata(ResolvedSpec spec, boolean[] labels, String[] ids, int[] rows) {
        ResolvedSpec.Dataset d = spec.dataset();
        if (d.metadata() == null) return new SampleInfo(labels, ids, List.of());
        // an image folder's class column comes from its folders, not the metadata
        List<String> fromMeta = d.kind() != ResolvedSpec.DataKind.IMAGE_FOLDER ? d.slices()
                : d.slices().stream().filter(c -> !c.equals(ResolvedSpec.Dataset.CLASS_SLICE)).toList();
        List<String> names = new ArrayList<>(fromMeta);
        if (d.id() != null && !names.contains(d.id())) names.add(d.id());
        Map<String, SampleInfo.SliceColumn> cols = CsvTable.columns(d.metadata(), names);
        int metaRows = names.isEmpty() ? 0 : cols.get(names.get(0)).codes().length;
        int[] join;
        if (d.id() != null && ids != null) {
            join = byId(cols.get(d.id()), ids, d.metadata(), d.id());
        } else {
            int listed = rows.length == 0 ? 0 : rows[rows.length - 1] + 1;
            if (metaRows < listed || (ids == null && metaRows != rows.length)) {
                throw new ParityInputException(d.metadata() + ": " + metaRows + " row(s) for " + rows.length
                        + " samples; joined row by row, they must be equal (or give dataset.id to join by id)");
            }
            join = rows;
        }
        String[] outIds = ids;
        if (d.id() != null && ids == null) outIds = values(subset(cols.get(d.id()), join));
        int[] j = join;
        return new SampleInfo(labels, outIds, fromMeta.stream().map(c -> subset(cols.get(c), j)).toList());
    }

    private static int[] byId(SampleInfo.SliceColumn metaIds, String[] ids, Path file, String column) {
        Map<String, Integer> rowOf = new HashMap<>();
        for (int r = 0; r < metaIds.codes().length; r++) {
            String id = metaIds.valueOf(r);
            if (rowOf.put(id, r) != null) {
                throw new ParityInputException(file + ": id '" + id + "' appears in two rows of column '" + column + "'");
            }
        }
        int[] join = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Integer r = rowOf.get(ids[i]);
            if (r == null) {
                throw new ParityInputException(file + ": no row with " + column + " = '" + ids[i] + "' (sample "
                        + i + "); every sample needs one");
            }
            join[i] = r;
        }
        return join;
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    private static SampleInfo.SliceColumn subset(SampleInfo.SliceColumn c, int[] rows) {
        int[] codes = new int[rows.length];
        for (int i = 0; i < rows.length; i++) codes[i] = c.codes()[rows[i]];
        return new SampleInfo.SliceColumn(c.name(), c.levels(), codes);
    }

    private static String[] values(SampleInfo.SliceColumn c) {
        String[] out = new String[c.codes().length];
        for (int i = 0; i < out.length; i++) out[i] = c.valueOf(i);
        return out;
    }

    /** A label column as positive/negative: equal to positive_label (as text or as a number), else 0/1. */
    static boolean[] labels(SampleInfo.SliceColumn c, String positive, Path file) {
        boolean[] levelPositive = new boolean[c.levels().size()];
        Double positiveNumber = positive == null ? null : CsvFormat.number(positive);
        for (int l = 0; l < levelPositive.length; l++) {
            String v = c.levels().get(l);
            Double n = CsvFormat.number(v);
            if (positive != null) {
                levelPositive[l] = v.equals(positive) || (n != null && n.equals(positiveNumber));
            } else if (n != null && (n == 0 || n == 1)) {
                levelPositive[l] = n == 1;
            } else if (v.equals("true") || v.equals("false")) {
                levelPositive[l] = v.equals("true"); // a boolean column (Parquet's), or a CSV's true/false
            } else {
                int row = 0;
                while (c.codes()[row] != l) row++;
                throw new ParityInputException(file + ": label column '" + c.name() + "' has '" + v + "' (data row "
                        + (row + 1) + "); expected 0 or 1, or true or false (set dataset.positive_label to use class ids or names; "
                        + "the column's values include " + c.levels().subList(0, Math.min(10, c.levels().size())) + ")");
            }
        }
        boolean[] out = new boolean[c.codes().length];
        for (int i = 0; i < out.length; i++) out[i] = levelPositive[c.codes()[i]];
        return out;
    }

    private static boolean[] folderLabels(ImageSet set, String positive, Path root) {
        List<String> classes = set.classes().stream().distinct().toList();
        if (positive == null && !List.of("0", "1").containsAll(classes)) {
            throw new ParityInputException(root + ": the class folders are " + classes + "; set "
                    + "dataset.positive_label to the one that is positive (or name them 0 and 1)");
        }
        String pos = positive == null ? "1" : positive;
        if (positive != null && !classes.contains(positive)) {
            throw new ParityInputException(root + ": dataset.positive_label '" + positive + "' is not one of the "
                    + "class folders " + classes);
        }
        boolean[] out = new boolean[set.classes().size()];
        for (int i = 0; i < out.length; i++) out[i] = pos.equals(set.classes().get(i));
        return out;
    }
}
