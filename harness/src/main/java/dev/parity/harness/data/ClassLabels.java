package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Classes;
import dev.parity.harness.results.SampleInfo;
import dev.parity.harness.spec.CsvFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-class score's labels as class ids 0..K-1, from an NPY file of ids, a CSV column of ids or class names,
 * or an image folder's class folders. A label that is no class of the spec is an error naming the file, the sample
 * and the classes, never a sample silently dropped.
 */
final class ClassLabels {
    private ClassLabels() {
    }

    /** Whole numbers 0..K-1, shape [N] or [N, 1]. */
    static int[] npy(Path file, long expectedRows, Classes classes) {
        try (NpyFile npy = NpyFile.open(file)) {
            if (npy.shape().length > 2 || npy.rowElements() != 1) {
                throw new ParityInputException(file + ": labels must have shape [N] or [N, 1] of class ids, found "
                        + Arrays.toString(npy.shape()));
            }
            if (npy.rows() != expectedRows) {
                throw new ParityInputException(file + ": " + npy.rows() + " labels for " + expectedRows
                        + " input samples; they must be equal");
            }
            int n = (int) npy.rows();
            ByteBuffer buf = npy.readRows(0, n, null);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                double v = npy.get(buf, i);
                if (v != Math.rint(v) || v < 0 || v >= classes.count()) {
                    throw new ParityInputException(file + ": label at sample index " + i + " is "
                            + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v))
                            + "; expected a class id 0.." + (classes.count() - 1) + " (model.score has "
                            + classes.count() + " classes)");
                }
                out[i] = (int) v;
            }
            return out;
        }
    }

    /** A column of class names (when the spec names its classes) or class ids. */
    static int[] column(SampleInfo.SliceColumn c, Classes classes, Path file) {
        int[] levelClass = new int[c.levels().size()];
        for (int l = 0; l < levelClass.length; l++) {
            String v = c.levels().get(l);
            levelClass[l] = classOf(v, classes);
            if (levelClass[l] < 0) {
                int row = 0;
                while (c.codes()[row] != l) row++;
                throw new ParityInputException(file + ": label column '" + c.name() + "' has '" + v + "' (data row "
                        + (row + 1) + "); expected " + expected(classes));
            }
        }
        int[] out = new int[c.codes().length];
        for (int i = 0; i < out.length; i++) out[i] = levelClass[c.codes()[i]];
        return out;
    }

    /**
     * An image folder's class folders: named as the spec's classes, or class ids, or (with no class_names) their
     * names in sorted order as torchvision's ImageFolder numbers them, when there are exactly K of them.
     */
    static int[] folders(List<String> sampleClasses, Classes classes, Path root) {
        List<String> folders = sampleClasses.stream().distinct().sorted().toList();
        boolean byName = folders.stream().allMatch(f -> classOf(f, classes) >= 0);
        if (!byName && (classes.named() || folders.size() != classes.count())) {
            throw new ParityInputException(root + ": the class folders are " + folders + "; each must be "
                    + expected(classes) + (classes.named() ? "" : ", or there must be exactly " + classes.count()
                    + " of them (numbered in sorted order, as torchvision's ImageFolder does)"));
        }
        int[] out = new int[sampleClasses.size()];
        for (int i = 0; i < out.length; i++) {
            String f = sampleClasses.get(i);
            out[i] = byName ? classOf(f, classes) : folders.indexOf(f);
        }
        return out;
    }

    /** The class a label names: one of the spec's class names, else a class id; -1 when it is neither. */
    private static int classOf(String label, Classes classes) {
        int named = classes.names().indexOf(label);
        if (named >= 0) return named;
        Double n = CsvFormat.number(label);
        if (n == null || n != Math.rint(n) || n < 0 || n >= classes.count()) return -1;
        return n.intValue();
    }

    private static String expected(Classes classes) {
        return "a class id 0.." + (classes.count() - 1) + (classes.named() ? " or one of the class_names "
                + classes.names() : "");
    }
}
