package dev.parity.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parity.harness.HyParquet;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.ImageSteps;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoded images in a Parquet column (plain binary, and Hugging Face's image struct of bytes and path) go through
 * the same image steps as the same files listed in a CSV: every value equal. A null cell, bytes that are no image and
 * an image the steps leave at another size are named by row group, row and column.
 */
class ParquetImagesTest {
    static final Path INPUTS = Path.of("src/test/resources/preprocessing/inputs");
    static final List<String> FILES = List.of("astronaut.png", "camera.png", "chelsea.jpg", "coffee.png", "logo.png",
            "rocket.jpg");
    static final ImageSteps STEPS = new ImageSteps(ImageSteps.Color.RGB, new int[] {40},
            ImageSteps.Interpolation.BILINEAR, new int[] {32, 32});
    static final long[] SHAPE = {3, 32, 32};
    @TempDir
    Path dir;

    private static String base64(String file) throws Exception {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(INPUTS.resolve(file)));
    }

    @Test
    void imageColumnsDecodeAsTheFilesDo() throws Exception {
        assumeTrue(HyParquet.available(), "node with hyparquet-writer (scripts/ci-packages.sh) is not installed here");
        List<Object> structs = new ArrayList<>(), raw = new ArrayList<>();
        StringBuilder listing = new StringBuilder("path\n");
        for (String f : FILES) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("bytes", base64(f));
            s.put("path", "/elsewhere/" + f); // Hugging Face keeps the original path; only the bytes are read
            structs.add(s);
            raw.add(base64(f));
            Files.copy(INPUTS.resolve(f), dir.resolve(f));
            listing.append(f).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("listing.csv"), listing);
        Path pq = HyParquet.write(dir.resolve("images.parquet"), 4, "SNAPPY", List.of(
                HyParquet.column("image", "IMAGE_STRUCT", true, structs),
                HyParquet.column("raw", "BYTE_ARRAY", false, raw)));
        float[] expected = new float[FILES.size() * 3 * 32 * 32];
        try (ImageSet files = ImageSet.open(csv, "path", STEPS, SHAPE, false)) {
            files.read(0, FILES.size(), expected);
        }
        for (String column : List.of("image", "raw")) {
            try (ParquetTable t = ParquetTable.open(pq, List.of(column), 3 * 32 * 32, Float.MAX_VALUE, STEPS, SHAPE)) {
                assertEquals("uint8", t.elementType());
                float[] got = new float[expected.length];
                t.read(0, FILES.size(), got);
                assertArrayEquals(expected, got, column);
            }
        }
        // the spec resolves an image column as image data: the image steps apply and give the shape
        Files.writeString(dir.resolve("spec.yaml"), """
                name: images
                dataset: {inputs: images.parquet, features: [image], preprocessing: {resize: [40], center_crop: [32]}}
                model: {input: x, output: y}
                threshold: 0.5
                reference: a
                variants: [{name: a, runtime: onnxruntime, artifact: m.onnx}]
                """);
        ResolvedSpec spec = SpecLoader.load(dir.resolve("spec.yaml"));
        assertEquals(ResolvedSpec.SampleColumn.IMAGE, spec.dataset().sampleColumn());
        assertArrayEquals(SHAPE, spec.preprocessing().shape());
    }

    @Test
    void badImageCellsAreNamed() throws Exception {
        assumeTrue(HyParquet.available(), "node with hyparquet-writer (scripts/ci-packages.sh) is not installed here");
        Path pq = HyParquet.write(dir.resolve("bad.parquet"), 2, "SNAPPY", List.of(HyParquet.column("image",
                "BYTE_ARRAY", true, java.util.Arrays.asList(base64("logo.png"), null,
                        Base64.getEncoder().encodeToString("id,a\n".getBytes())))));
        try (ParquetTable t = ParquetTable.open(pq, List.of("image"), 3 * 32 * 32, Float.MAX_VALUE, STEPS, SHAPE)) {
            float[] out = new float[3 * 32 * 32];
            t.read(0, 1, out);
            String m = assertThrows(ParityInputException.class, () -> t.read(1, 1, out)).getMessage();
            assertEquals(pq + ": row group 0, row 1 of the file, column 'image': expected an encoded image, found "
                    + "null", m);
            m = assertThrows(ParityInputException.class, () -> t.read(2, 1, out)).getMessage();
            assertTrue(m.startsWith(pq + ": row group 1, row 2 of the file, column 'image': cannot be decoded as an "
                    + "image"), m);
        }
        ImageSteps noCrop = new ImageSteps(ImageSteps.Color.RGB, null, ImageSteps.Interpolation.BILINEAR, null);
        try (ParquetTable t = ParquetTable.open(pq, List.of("image"), 3 * 32 * 32, Float.MAX_VALUE, noCrop, SHAPE)) {
            String m = assertThrows(ParityInputException.class, () -> t.read(0, 1, new float[3 * 32 * 32]))
                    .getMessage();
            assertTrue(m.contains("row 0 of the file, column 'image': the image decodes to 12288 values; the "
                    + "preprocessing's shape [3, 32, 32] needs 3072"), m);
        }
    }
}
