package dev.parity.harness.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset block resolved directly (before, only through the command line): kinds, columns, keys refused. */
class DatasetResolverTest {
    @TempDir
    Path dir;
    DatasetResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        resolver = new DatasetResolver(dir, (key, what) -> new ParityInputException("'" + key + "' " + what));
        Files.writeString(dir.resolve("t.csv"), "id,a,b,label,note\nr1,1,2,0,x\nr2,3,4,1,y\n");
        Files.createDirectories(dir.resolve("images/cat"));
    }

    private static EvalSpec.DatasetSpec csv(List<String> features, String label, String id, List<String> slices) {
        return new EvalSpec.DatasetSpec("t.csv", null, null, null, null, features, label, id, null, slices, null, null);
    }

    @Test
    void aTablesFeaturesAreItsOtherNumericColumnsInFileOrder() {
        DatasetResolver.Resolved r = resolver.resolve(csv(null, "label", "id", null), false);
        assertEquals(ResolvedSpec.DataKind.CSV, r.dataset().kind());
        assertEquals(List.of("a", "b"), r.dataset().features(), "not the label, the id or the text column");
        assertEquals(dir.resolve("t.csv"), r.inputs());
        assertNull(r.labels());
    }

    @Test
    void keysThatDoNotFitTheKindOrTheFileAreNamed() {
        String m = assertThrows(ParityInputException.class, () -> resolver.resolve(csv(null, "target", "id", null),
                false)).getMessage();
        assertTrue(m.contains("'dataset.label' names 'target'") && m.contains("[id, a, b, label, note]"), m);
        m = assertThrows(ParityInputException.class, () -> resolver.resolve(csv(List.of("a", "label"), "label", null,
                null), false)).getMessage();
        assertTrue(m.contains("'dataset.features[1]'") && m.contains("label or id"), m);
        m = assertThrows(ParityInputException.class, () -> resolver.resolve(csv(null, null, null, null), false))
                .getMessage();
        assertTrue(m.contains("'dataset.label' is required unless a fixed 'threshold' is given"), m);
        m = assertThrows(ParityInputException.class, () -> resolver.resolve(new EvalSpec.DatasetSpec("t.csv",
                "y.npy", null, null, null), false)).getMessage();
        assertTrue(m.contains("'dataset.labels'"), m);
    }

    @Test
    void anImageFolderSlicesByClassWithoutMetadata() {
        DatasetResolver.Resolved r = resolver.resolve(new EvalSpec.DatasetSpec("images", null, "cat",
                new EvalSpec.PreprocessingSpec(255.0, null, null, List.of(3L, 8L, 8L)), null), false);
        assertEquals(ResolvedSpec.DataKind.IMAGE_FOLDER, r.dataset().kind());
        assertEquals(List.of(ResolvedSpec.Dataset.CLASS_SLICE), r.dataset().slices());
        assertEquals("cat", r.positiveLabel());
        String m = assertThrows(ParityInputException.class, () -> resolver.resolve(new EvalSpec.DatasetSpec("images",
                null, "cat", null, null, null, null, null, null, List.of("class", "camera"), null, null), false))
                .getMessage();
        assertTrue(m.contains("'dataset.slices' needs 'dataset.metadata'"), m);
    }
}
