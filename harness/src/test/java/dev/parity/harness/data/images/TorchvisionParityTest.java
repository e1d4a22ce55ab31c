package dev.parity.harness.data.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.NpyFile;
import dev.parity.harness.spec.ImageSteps;
import dev.parity.harness.spec.ResolvedSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parity's image preprocessing against torchvision 0.14 on real photographs (scikit-image's samples, reduced), step
 * by step: PIL's decoding, Resize, CenterCrop, and the tensor after ToTensor and Normalize. The fixtures come from
 * scripts/make-image-fixtures.py. Each step is compared on torchvision's own input to that step, so a difference is
 * that step's, and once end to end from the file. Prints the largest difference per step.
 */
class TorchvisionParityTest {
    static final Path DIR = Path.of("src/test/resources/preprocessing").toAbsolutePath();

    private static byte[] u8(Path f) {
        try (NpyFile n = NpyFile.open(f)) {
            ByteBuffer b = n.readRows(0, (int) n.rows(), null);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }

    private static float[] f32(Path f) {
        try (NpyFile n = NpyFile.open(f)) {
            float[] out = new float[(int) (n.rows() * n.rowElements())];
            n.toFloats(n.readRows(0, (int) n.rows(), null), out, out.length);
            return out;
        }
    }

    private static Image8 image(Path f) {
        try (NpyFile n = NpyFile.open(f)) {
            long[] s = n.shape();
            return new Image8((int) s[1], (int) s[0], (int) s[2], u8(f));
        }
    }

    private static int maxDiff(Image8 a, Image8 b) {
        assertEquals(a.width() + "x" + a.height() + "x" + a.channels(), b.width() + "x" + b.height() + "x"
                + b.channels(), "shape");
        int m = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            m = Math.max(m, Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF)));
        }
        return m;
    }

    /** ToTensor and Normalize as BatchStream computes them, from 0-255 channels-first values. */
    private static float[] normalize(float[] raw, JsonNode p, int[] chw) {
        double[] mean = new double[p.get("mean").size()];
        double[] std = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = p.get("mean").get(i).asDouble();
            std[i] = p.get("std").get(i).asDouble();
        }
        ResolvedSpec.Preprocessing pre = new ResolvedSpec.Preprocessing(255, mean, std,
                new long[] {chw[0], chw[1], chw[2]});
        return BatchStream.preprocess(raw, pre);
    }

    @Test
    void everyStepMatchesTorchvisionOnRealPhotographs() throws IOException {
        JsonNode index = new ObjectMapper().readTree(DIR.resolve("index.json").toFile());
        Map<String, Double> worst = new LinkedHashMap<>();
        for (JsonNode p : index.get("pipelines")) {
            ImageSteps.Color color = ImageSteps.Color.parse(p.get("color").asText());
            ImageSteps.Interpolation interp = ImageSteps.Interpolation.parse(p.get("interpolation").asText());
            int crop = p.get("center_crop").asInt();
            ImagePipeline pipeline = new ImagePipeline(new ImageSteps(color, new int[] {p.get("resize").asInt()}, interp,
                    new int[] {crop, crop}));
            for (JsonNode in : index.get("inputs")) {
                String base = in.get("name").asText() + "." + p.get("name").asText() + ".";
                String file = in.get("file").asText();
                boolean jpeg = file.endsWith(".jpg");
                Image8 pilDecoded = image(DIR.resolve(base + "decoded.npy"));
                Image8 ours = ImageDecoder.decode(DIR.resolve(file), color);
                int decodeDiff = maxDiff(pilDecoded, ours);
                worst.merge(jpeg ? "decode (JPEG)" : "decode (PNG)", (double) decodeDiff, Math::max);
                if (!jpeg) assertEquals(0, decodeDiff, base + "a PNG decodes to the same pixels");

                Image8 resized = PilResize.resize(pilDecoded, image(DIR.resolve(base + "resized.npy")).width(),
                        image(DIR.resolve(base + "resized.npy")).height(), interp);
                int[] hw = pipeline.resizedSize(pilDecoded.height(), pilDecoded.width());
                assertEquals(image(DIR.resolve(base + "resized.npy")).height(), hw[0], base + "resized height");
                assertEquals(image(DIR.resolve(base + "resized.npy")).width(), hw[1], base + "resized width");
                int resizeDiff = maxDiff(image(DIR.resolve(base + "resized.npy")), resized);
                worst.merge("resize " + interp.label(), (double) resizeDiff, Math::max);
                assertEquals(0, resizeDiff, base + "resize");

                Image8 cropped = image(DIR.resolve(base + "resized.npy")).centerCrop(crop, crop);
                int cropDiff = maxDiff(image(DIR.resolve(base + "cropped.npy")), cropped);
                worst.merge("center crop", (double) cropDiff, Math::max);
                assertEquals(0, cropDiff, base + "crop");

                float[] expected = f32(DIR.resolve(base + "tensor.npy"));
                float[] tensor = normalize(image(DIR.resolve(base + "cropped.npy")).channelsFirst(), p,
                        new int[] {color.channels, crop, crop});
                double tensorDiff = 0;
                for (int i = 0; i < expected.length; i++) tensorDiff = Math.max(tensorDiff, Math.abs(expected[i] - tensor[i]));
                worst.merge("ToTensor + Normalize", tensorDiff, Math::max);
                assertTrue(tensorDiff <= 1e-6, base + "tensor differs by " + tensorDiff);

                // end to end from the file: exact for PNG; for JPEG the decoders' rounding carries through
                float[] e2e = normalize(pipeline.apply(DIR.resolve(file)), p, new int[] {color.channels, crop, crop});
                double e2eDiff = 0;
                for (int i = 0; i < expected.length; i++) e2eDiff = Math.max(e2eDiff, Math.abs(expected[i] - e2e[i]));
                worst.merge(jpeg ? "end to end (JPEG)" : "end to end (PNG)", e2eDiff, Math::max);
                if (!jpeg) assertTrue(e2eDiff <= 1e-6, base + "end to end differs by " + e2eDiff);
            }
        }
        System.out.println("largest |difference| against torchvision " + index.get("torchvision").asText()
                + " per step: " + worst);
        // JPEG decoders may round the IDCT and chroma upsampling differently, by a few levels at most
        assertTrue(worst.get("decode (JPEG)") <= 8, "JPEG decoding differs by " + worst.get("decode (JPEG)"));
    }
}
