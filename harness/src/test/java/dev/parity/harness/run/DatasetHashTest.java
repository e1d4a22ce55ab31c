package dev.parity.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.parity.harness.results.Hashing;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listing's dataset identity follows its images, not only the CSV; an NPY's is its file's SHA-256. */
class DatasetHashTest {
    @TempDir
    Path dir;

    void png(String name, int gray) throws IOException {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 1, 0, gray);
        ImageIO.write(img, "png", dir.resolve(name).toFile());
    }

    @Test
    void aChangedImageIsAChangedDataset() throws IOException {
        png("a.png", 10);
        png("b.png", 20);
        Files.writeString(dir.resolve("list.csv"), "path,label\na.png,0\nb.png,1\n");
        Path spec = Files.writeString(dir.resolve("s.yaml"), """
                dataset: {inputs: list.csv, path: path, label: label, preprocessing: {color: gray, shape: [1, 4, 4]}}
                model: {input: x, output: y}
                variants:
                  - {name: m, runtime: onnxruntime, artifact: m.onnx}
                """);
        ResolvedSpec s = SpecLoader.load(spec);
        String before = DatasetHash.of(s);
        assertEquals(before, DatasetHash.of(s), "stable");
        String listing = Hashing.sha256(dir.resolve("list.csv"));
        png("b.png", 21);
        assertEquals(listing, Hashing.sha256(dir.resolve("list.csv")), "the listing did not change");
        assertNotEquals(before, DatasetHash.of(SpecLoader.load(spec)), "but one of its images did");
    }
}
