package dev.parity.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.TestFiles;
import dev.parity.harness.results.Classes;
import dev.parity.harness.results.SampleInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-class score's labels from each kind of data, and every label that is no class named with its sample. */
class ClassLabelsTest {
    static final Classes NAMED = new Classes(3, List.of("cat", "dog", "fox"), 3);
    static final Classes COUNTED = new Classes(3, List.of("0", "1", "2"), 3);
    @TempDir
    Path dir;

    @Test
    void npyClassIds() throws IOException {
        Path y = TestFiles.int64(dir.resolve("y.npy"), new long[] {4}, new long[] {2, 0, 1, 2});
        assertArrayEquals(new int[] {2, 0, 1, 2}, ClassLabels.npy(y, 4, COUNTED));
        Path bad = TestFiles.int64(dir.resolve("bad.npy"), new long[] {3}, new long[] {0, 3, 1});
        String e = assertThrows(ParityInputException.class, () -> ClassLabels.npy(bad, 3, COUNTED)).getMessage();
        assertTrue(e.contains("label at sample index 1 is 3; expected a class id 0..2"), e);
        String rows = assertThrows(ParityInputException.class, () -> ClassLabels.npy(y, 5, COUNTED)).getMessage();
        assertTrue(rows.contains("4 labels for 5 input samples"), rows);
    }

    @Test
    void aColumnOfNamesOrIds() {
        // levels in order of first appearance, as CsvTable reads them; names and ids may mix
        SampleInfo.SliceColumn c = new SampleInfo.SliceColumn("label", List.of("fox", "0", "dog"),
                new int[] {0, 1, 2, 1, 0});
        assertArrayEquals(new int[] {2, 0, 1, 0, 2}, ClassLabels.column(c, NAMED, Path.of("t.csv")));
        SampleInfo.SliceColumn unknown = new SampleInfo.SliceColumn("label", List.of("cat", "cow"),
                new int[] {0, 0, 1});
        String e = assertThrows(ParityInputException.class,
                () -> ClassLabels.column(unknown, NAMED, Path.of("t.csv"))).getMessage();
        assertTrue(e.contains("t.csv: label column 'label' has 'cow' (data row 3); expected a class id 0..2 or one "
                + "of the class_names [cat, dog, fox]"), e);
        SampleInfo.SliceColumn half = new SampleInfo.SliceColumn("label", List.of("1.5"), new int[] {0});
        assertThrows(ParityInputException.class, () -> ClassLabels.column(half, COUNTED, Path.of("t.csv")));
    }

    @Test
    void classFoldersByNameOrInSortedOrder() {
        assertArrayEquals(new int[] {1, 2, 0}, ClassLabels.folders(List.of("dog", "fox", "cat"), NAMED, Path.of("d")));
        // unnamed classes: K folders numbered in sorted order, as torchvision's ImageFolder does
        assertArrayEquals(new int[] {2, 0, 1, 0}, ClassLabels.folders(List.of("zebra", "ant", "bee", "ant"), COUNTED,
                Path.of("d")));
        String e = assertThrows(ParityInputException.class,
                () -> ClassLabels.folders(List.of("ant", "bee"), COUNTED, Path.of("d"))).getMessage();
        assertTrue(e.contains("the class folders are [ant, bee]") && e.contains("exactly 3 of them"), e);
        String named = assertThrows(ParityInputException.class,
                () -> ClassLabels.folders(List.of("cat", "cow", "dog"), NAMED, Path.of("d"))).getMessage();
        assertTrue(named.contains("[cat, cow, dog]"), named);
    }
}
