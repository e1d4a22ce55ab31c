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
 * @param headLabels   a multi-head model's labels, one array per head (null where a head has none); empty else
 */
public record SampleInfo(boolean[] labels, String[] ids, List<SliceColumn> slices, int[] classLabels,
                         List<boolean[]> headLabels) {
    public static final SampleInfo NONE = new SampleInfo(null, null, List.of());

    public SampleInfo {
        slices = List.copyOf(slices);
        // an unmodifiable copy that, unlike List.copyOf, keeps a head's missing labels (null)
        headLabels = headLabels == null ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(headLabels));
    }

    public SampleInfo(boolean[] labels, String[] ids, List<SliceColumn> slices) {
        this(labels, ids, slices, null, null);
    }

    public SampleInfo(boolean[] labels, String[] ids, List<SliceColumn> slices, int[] classLabels) {
        this(labels, ids, slices, classLabels, null);
    }

    /** The same samples labelled by class (a multi-class score's labels). */
    public SampleInfo withClassLabels(int[] classes) {
        return new SampleInfo(null, ids, slices, classes, null);
    }

    /** The same samples labelled per head (a multi-head model's labels). */
    public SampleInfo withHeadLabels(List<boolean[]> perHead) {
        return new SampleInfo(null, ids, slices, null, perHead);
    }

    /** What one head's binary evaluation sees: its labels, the samples' ids and slices. */
    public SampleInfo forHead(int head) {
        return new SampleInfo(headLabels.get(head), ids, slices);
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
