package dev.parity.harness.results;

import java.util.List;

/**
 * What is known of each sample besides its inputs, index-aligned with the scores: its label, its name, and the
 * slices it belongs to.
 *
 * @param labels       a binary score's labels (positive or not); null without labels or for a multi-class score
 * @param ids          null when samples are known by their row number only
 * @param slices       one per {@code dataset.slices} column, in spec order
 * @param classLabels  a multi-class score's labels, class ids 0..K-1; null without labels or for a binary score
 */
public record SampleInfo(boolean[] labels, String[] ids, List<SliceColumn> slices, int[] classLabels) {
    public static final SampleInfo NONE = new SampleInfo(null, null, List.of());

    public SampleInfo {
        slices = List.copyOf(slices);
    }

    public SampleInfo(boolean[] labels, String[] ids, List<SliceColumn> slices) {
        this(labels, ids, slices, null);
    }

    /** The same samples labelled by class (a multi-class score's labels). */
    public SampleInfo withClassLabels(int[] classes) {
        return new SampleInfo(null, ids, slices, classes);
    }

    public static SampleInfo labelsOnly(boolean[] labels) {
        return new SampleInfo(labels, null, List.of());
    }

    /** A sample's name: its id when the dataset has one, else its row number. */
    public String id(int sample) {
        return ids == null ? Integer.toString(sample) : ids[sample];
    }

    /**
     * One slice column: its distinct values in order of first appearance and each sample's value as an index
     * into them (a small array whatever the dataset's size).
     */
    public record SliceColumn(String name, List<String> levels, int[] codes) {
        public SliceColumn {
            levels = List.copyOf(levels);
        }

        public String valueOf(int sample) {
            return levels.get(codes[sample]);
        }
    }
}
