package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.harness.TestFiles;
import dev.parity.harness.data.NpyFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's 10,000 test images as PNG files (written here, the layout make_demo.py --png writes, cached under
 * target/) score as the NPY demo does; a listing CSV with a metadata join gives the same slices; a variant's own
 * preprocessing is scored on inputs preprocessed its way; unreadable files are named or skipped.
 */
class ImageDatasetTest {
    static final Path IMAGES = Path.of("target/demo-images").toAbsolutePath();
    static final String MODEL = """
            model: {input: image, output: logit}
            target_precision: 0.9
            batch_size: 64
            """;
    @TempDir
    static Path dir;
    static Path demo;
    static ObjectMapper json = new ObjectMapper();

    /** coat/ and other/ folders of 8-bit gray PNGs named test-NNNNN.png, and listing.csv (path, label, id). */
    @BeforeAll
    static void writeImages() throws IOException {
        demo = TestFiles.demoDir();
        if (Files.isRegularFile(IMAGES.resolve("listing.csv"))) return;
        Files.createDirectories(IMAGES.resolve("coat"));
        Files.createDirectories(IMAGES.resolve("other"));
        StringBuilder listing = new StringBuilder("path,label,id\n");
        try (NpyFile x = NpyFile.open(demo.resolve("test_images.npy"));
             NpyFile y = NpyFile.open(demo.resolve("test_labels.npy"))) {
            ByteBuffer pixels = x.readRows(0, (int) x.rows(), null);
            ByteBuffer labels = y.readRows(0, (int) y.rows(), null);
            for (int i = 0; i < x.rows(); i++) {
                BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                byte[] raster = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
                pixels.get(i * 784, raster, 0, 784);
                boolean coat = labels.get(i) == 1;
                String rel = (coat ? "coat" : "other") + "/test-%05d.png".formatted(i);
                ImageIO.write(img, "png", IMAGES.resolve(rel).toFile());
                listing.append(rel).append(',').append(coat ? 1 : 0).append(",test-%05d\n".formatted(i));
            }
        }
        Files.writeString(IMAGES.resolve("listing.csv"), listing);
    }

    static String variants(String... extra) {
        StringBuilder b = new StringBuilder("variants:\n  - {name: pytorch, runtime: torchscript, artifact: "
                + demo.resolve("model.pt") + "}\n  - {name: onnx-fp32, runtime: onnxruntime, artifact: "
                + demo.resolve("model.onnx") + "}\n");
        for (String e : extra) b.append(e).append('\n');
        return b.toString();
    }

    static int eval(String name, String spec, CliRunner cli) throws IOException {
        Path file = Files.writeString(dir.resolve(name + ".yaml"), spec);
        return cli.run("eval", file.toString(), "--out", dir.resolve(name).toString(), "--cache",
                dir.resolve("cache").toString());
    }

    static JsonNode run(String name, String spec) throws IOException {
        CliRunner cli = new CliRunner();
        int code = eval(name, spec, cli);
        assertTrue(code == 0 || code == 1, cli.stdout + cli.stderr);
        return json.readTree(dir.resolve(name).resolve("summary.json").toFile());
    }

    /** Scores by sample id: the sample's index in the demo (from the file name for images), variant columns only. */
    static Map<Integer, float[]> scores(String run) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(run).resolve("scores.csv"));
        String[] header = lines.get(0).split(",");
        int first = java.util.Arrays.asList(header).indexOf("pytorch"); // after the id, label and slice columns
        Map<Integer, float[]> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            String id = cells[0].replaceAll(".*test-0*(\\d+)(\\.png)?$", "$1");
            float[] s = new float[header.length - first];
            for (int c = first; c < header.length; c++) s[c - first] = Float.parseFloat(cells[c]);
            out.put(Integer.parseInt(id.isEmpty() ? "0" : id), s);
        }
        return out;
    }

    static final String PRE = "  preprocessing: {color: gray, divide_by: 255, mean: [0.2860], std: [0.3530], "
            + "shape: [1, 28, 28]}\n";

    @Test
    void anImageFolderScoresAsTheNpyDemo() throws IOException {
        run("npy", "dataset:\n  inputs: " + demo.resolve("test_images.npy") + "\n  labels: "
                + demo.resolve("test_labels.npy") + "\n  preprocessing: {divide_by: 255, mean: [0.2860], std: "
                + "[0.3530], shape: [1, 28, 28]}\n" + MODEL + variants());
        JsonNode folder = run("folder", "dataset:\n  inputs: " + IMAGES + "\n  positive_label: coat\n" + PRE + MODEL
                + variants());
        assertEquals("image_folder", folder.get("dataset").get("kind").asText());
        assertEquals(10000, folder.get("dataset").get("samples").asInt());
        // the class folders are a slice column without any metadata file (before: a hand-written CSV was needed)
        assertTrue(folder.get("slices").toString().contains("\"class\"")
                && folder.get("slices").toString().contains("\"coat\"")
                && folder.get("slices").toString().contains("\"other\""), folder.get("slices").toString());
        Map<Integer, float[]> a = scores("npy"), b = scores("folder");
        assertEquals(10000, b.size());
        double worst = 0;
        for (int i = 0; i < 10000; i++) {
            for (int v = 0; v < 2; v++) worst = Math.max(worst, Math.abs(a.get(i)[v] - b.get(i)[v]));
        }
        assertTrue(worst <= 1e-6, "largest |score difference| " + worst);
        System.out.println("image folder vs NPY demo: largest |score difference| " + worst);
        JsonNode npy = json.readTree(dir.resolve("npy/summary.json").toFile());
        assertEquals(npy.get("reference").get("threshold"), folder.get("reference").get("threshold"));
    }

    @Test
    void aListingWithMetadataGivesTheDemosSlices() throws IOException {
        JsonNode npy = run("npy-slices", "dataset:\n  inputs: " + demo.resolve("test_images.npy") + "\n  labels: "
                + demo.resolve("test_labels.npy") + "\n  metadata: " + demo.resolve("metadata.csv")
                + "\n  slices: [class]\n  preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], "
                + "shape: [1, 28, 28]}\n" + MODEL + variants());
        // the listing's rows are joined to the metadata by id, in any order
        JsonNode listing = run("listing", "dataset:\n  inputs: " + IMAGES.resolve("listing.csv")
                + "\n  path: path\n  label: label\n  id: id\n  metadata: " + demo.resolve("metadata.csv")
                + "\n  slices: [class]\n" + PRE + MODEL + variants());
        assertEquals(10, listing.get("slices").size());
        assertEquals(npy.get("slices"), listing.get("slices"));
        assertTrue(Files.readAllLines(dir.resolve("listing/scores.csv")).get(1).startsWith("test-00000,0,Ankle boot,"));
    }

    /** The first n demo images in a folder of their own. */
    static Path subset(String name, int n) throws IOException {
        Path d = dir.resolve(name);
        for (String cls : List.of("coat", "other")) Files.createDirectories(d.resolve(cls));
        for (int i = 0; i < n; i++) {
            String file = "test-%05d.png".formatted(i);
            Path src = Files.exists(IMAGES.resolve("coat").resolve(file)) ? IMAGES.resolve("coat").resolve(file)
                    : IMAGES.resolve("other").resolve(file);
            Files.copy(src, d.resolve(src.getParent().getFileName().toString()).resolve(file));
        }
        return d;
    }

    @Test
    void aVariantsOwnPreprocessingIsScoredOnItsOwnInputs() throws IOException {
        Path images = subset("axis", 400);
        String pre = "  preprocessing: {color: gray, resize: [32], center_crop: [28], divide_by: 255, mean: [0.2860],"
                + " std: [0.3530]}\n";
        JsonNode s = run("axis-run", "dataset:\n  inputs: " + images + "\n  positive_label: coat\n" + pre + MODEL
                + "threshold: 0.75\n" + variants(
                "  - {name: nearest, runtime: onnxruntime, artifact: " + demo.resolve("model.onnx")
                        + ", preprocessing: {resize_interpolation: nearest}}",
                "  - {name: same, runtime: onnxruntime, artifact: " + demo.resolve("model.onnx")
                        + ", preprocessing: {resize_interpolation: bilinear}}",
                "  - {name: uint8, runtime: onnxruntime, artifact: " + demo.resolve("model.onnx")
                        + ", preprocessing: {mean: [0.3]}}"));
        Map<Integer, float[]> sc = scores("axis-run");
        boolean nearestDiffers = false, meanDiffers = false;
        for (float[] row : sc.values()) {
            assertEquals(row[1], row[3], "an override equal to the dataset's is the dataset's preprocessing");
            nearestDiffers |= row[1] != row[2];
            meanDiffers |= row[1] != row[4];
        }
        assertTrue(nearestDiffers, "nearest resizing changes the inputs, so the scores");
        assertTrue(meanDiffers, "another mean changes the scores");
        JsonNode nearest = s.get("variants").get(2);
        assertEquals("nearest", nearest.get("preprocessing").get("resize_interpolation").asText());
        assertTrue(s.get("variants").get(3).get("preprocessing").isNull());
        assertTrue(s.get("variants").get(1).get("preprocessing").isNull());

        // the reference defines the verdicts: it keeps the dataset's preprocessing
        CliRunner cli = new CliRunner();
        assertEquals(2, eval("axis-ref", "dataset:\n  inputs: " + images + "\n  positive_label: coat\n" + pre + MODEL
                + "variants:\n  - {name: pytorch, runtime: torchscript, artifact: " + demo.resolve("model.pt")
                + ", preprocessing: {mean: [0.3]}}\n", cli));
        assertTrue(cli.stderr.contains("'variants[0].preprocessing' is given for the reference 'pytorch'"), cli.stderr);
        // and a variant cannot change the shape the model takes
        assertEquals(2, eval("axis-shape", "dataset:\n  inputs: " + images + "\n  positive_label: coat\n" + pre + MODEL
                + variants("  - {name: big, runtime: onnxruntime, artifact: " + demo.resolve("model.onnx")
                + ", preprocessing: {center_crop: [30]}}"), cli));
        assertTrue(cli.stderr.contains("'variants[2].preprocessing' gives samples of shape [1, 30, 30] but the model "
                + "takes [1, 28, 28]"), cli.stderr);
    }

    @Test
    void unreadableImagesAreNamedOrSkipped() throws IOException {
        Path images = subset("broken", 100);
        Path bad = images.resolve("other/zz-truncated.png");
        byte[] png = Files.readAllBytes(images.resolve("other").resolve(Files.list(images.resolve("other"))
                .findFirst().orElseThrow().getFileName()));
        Files.write(bad, java.util.Arrays.copyOf(png, png.length / 3));
        String spec = "dataset:\n  inputs: " + images + "\n  positive_label: coat\n%s" + PRE + MODEL + variants();
        CliRunner cli = new CliRunner();
        assertEquals(2, eval("broken-run", spec.formatted(""), cli), cli.stdout + cli.stderr);
        assertTrue(cli.stderr.contains("zz-truncated.png: cannot be decoded as an image"), cli.stderr);

        assertEquals(0, eval("skipped-run", spec.formatted("  skip_unreadable: true\n"), cli) & ~1,
                cli.stdout + cli.stderr);
        assertTrue((cli.stdout + cli.stderr).contains("skipped 1 unreadable image(s) (skip_unreadable), e.g. "
                + "other/zz-truncated.png"), cli.stdout + cli.stderr);
        JsonNode s = json.readTree(dir.resolve("skipped-run/summary.json").toFile());
        assertEquals(100, s.get("dataset").get("samples").asInt());

        // a folder whose classes are not 0/1 needs positive_label, and says which classes it found
        assertEquals(2, eval("no-positive", "dataset:\n  inputs: " + images + "\n" + PRE + MODEL + variants(), cli));
        assertTrue(cli.stderr.contains("the class folders are [coat, other]; set dataset.positive_label"), cli.stderr);
        assertNotEquals(-1, cli.stderr.indexOf(images.toString()));
    }

    /**
     * init on image folders: of 'coat' and 'other', 'other' reads as the negative class; three folders are not
     * guessed (before: the last in name order was taken, and eval then failed on precision without naming
     * positive_label). A missed precision target names positive_label.
     */
    @Test
    void initAsksWhichFolderIsPositiveUnlessItIsPlain() throws IOException {
        CliRunner cli = new CliRunner();
        Path spec = dir.resolve("init-folders.yaml");
        assertEquals(0, cli.run("init", "--model", demo.resolve("model.onnx").toString(), "--inputs", IMAGES.toString(),
                "--out", spec.toString()), cli.stderr);
        String yaml = Files.readString(spec);
        assertTrue(yaml.contains("positive_label: coat") && yaml.contains("slices: [class]"), yaml);
        assertTrue(cli.stdout.contains("'coat' taken as the positive one, since 'other' reads as the negative one"),
                cli.stdout);

        Path three = Files.createDirectories(dir.resolve("three"));
        for (String c : new String[] {"cat", "coat", "dog"}) {
            Path d = Files.createDirectories(three.resolve(c));
            Files.copy(IMAGES.resolve("listing.csv").getParent().resolve(Files.readAllLines(IMAGES.resolve("listing.csv")).get(1).split(",")[0]), d.resolve("a.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertEquals(2, cli.run("init", "--model", demo.resolve("model.onnx").toString(), "--inputs", three.toString(),
                "--out", dir.resolve("three.yaml").toString()));
        assertTrue(cli.stderr.contains("3 class folders [cat, coat, dog]; which is the positive class? give "
                + "--positive-label NAME"), cli.stderr);
        assertEquals(0, cli.run("init", "--model", demo.resolve("model.onnx").toString(), "--inputs", three.toString(),
                "--positive-label", "coat", "--out", dir.resolve("three.yaml").toString()), cli.stderr);

        // the wrong class called positive: the message names the key
        assertEquals(2, eval("wrong-positive", "dataset:\n  inputs: " + IMAGES + "\n  positive_label: other\n" + PRE
                + MODEL.replace("target_precision: 0.9", "target_precision: 0.95") + variants(), cli));
        assertTrue(cli.stderr.contains("or the model scores another class than dataset.positive_label 'other'"),
                cli.stderr);
    }
}
