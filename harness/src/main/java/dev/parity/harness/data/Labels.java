package dev.parity.harness.data;

import dev.parity.harness.ParityInputException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/** Ground-truth labels: one per sample, turned into positive/negative. */
public final class Labels {
    private Labels() {
    }

    /**
     * @param expectedRows  number of samples in the inputs file; the labels must match it
     * @param positiveLabel the label value that counts as positive; null means labels must be 0 or 1
     */
    public static boolean[] load(Path file, long expectedRows, Long positiveLabel) {
        try (NpyFile npy = NpyFile.open(file)) {
            long[] shape = npy.shape();
            if (shape.length > 2 || npy.rowElements() != 1) {
                throw new ParityInputException(file + ": labels must have shape [N] or [N, 1], found "
                        + Arrays.toString(shape));
            }
            if (npy.rows() != expectedRows) {
                throw new ParityInputException(file + ": " + npy.rows() + " labels for " + expectedRows
                        + " input samples; they must be equal");
            }
            if (npy.rows() > Integer.MAX_VALUE - 8) {
                throw new ParityInputException(file + ": " + npy.rows() + " labels is more than one run can hold");
            }
            int n = (int) npy.rows();
            ByteBuffer buf = npy.readRows(0, n, null);
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                double v = npy.get(buf, i);
                if (v != Math.rint(v)) {
                    throw new ParityInputException(file + ": label at sample index " + i + " is " + v
                            + "; labels must be whole numbers");
                }
                long label = npy.dtype().getLong(buf, i);
                if (positiveLabel == null) {
                    if (label != 0 && label != 1) {
                        throw new ParityInputException(file + ": label at sample index " + i + " is " + label
                                + "; expected 0 or 1 (set dataset.positive_label to use class ids)");
                    }
                    out[i] = label == 1;
                } else {
                    out[i] = label == positiveLabel;
                }
            }
            return out;
        }
    }
}
