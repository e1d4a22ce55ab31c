package dev.parity.harness.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every spec SpecWriter writes reads back, through the loader, to the EvalSpec it was written from. */
class SpecWriterTest {
    static final Path NOMINAL = Path.of("written.yaml");

    private static EvalSpec roundTrip(SpecWriter writer, EvalSpec spec) {
        String yaml = writer.write(spec);
        EvalSpec back = SpecLoader.read(NOMINAL, yaml);
        assertEquals(spec, back, yaml);
        return back;
    }

    /** A spec with every key set, to values a careless writer would garble. */
    static EvalSpec everyKey(String s) {
        var pre = new EvalSpec.PreprocessingSpec(255.0, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225),
                List.of(3L, 224L, 224L), List.of(256), "bilinear", List.of(224, 224), "rgb", true);
        var dataset = new EvalSpec.DatasetSpec(s + "/x.npy", "y.npy", s, pre, "calib.npy", List.of("a", s, "c"), "label",
                "id", "path", List.of("class", s), "meta.csv", false);
        var model = new EvalSpec.ModelSpec("image", "float16", s, new EvalSpec.ScoreSpec(1, "softmax"));
        var server = new EvalSpec.ServerSpec("https://triton.example:8000/v2", s, "3", true, 4, 16, 30000, 2,
                Map.of("Authorization", "TOKEN_" + "VAR"), "ca.pem", "INPUT__0", "OUTPUT__0");
        var convert = new EvalSpec.ConvertSpec("int8", true, List.of("Resize"), List.of("/stem/Conv"), "tensorrt",
                "percentile", 99.99, List.of("Softmax"), List.of(s), false, 2048);
        var variants = List.of(
                new EvalSpec.VariantSpec("pytorch", "torchscript", "model.pt", "cpu", null, null, null),
                new EvalSpec.VariantSpec(s, "onnxruntime", null, "cuda:1", "pytorch", convert, null,
                        new EvalSpec.PreprocessingSpec(null, null, null, null, null, "nearest", null, null, null),
                        true, new EvalSpec.HostSpec("avx2"), 32, false),
                new EvalSpec.VariantSpec("served", "kserve-http", null, null, null, null, server));
        Map<String, Double> gates = new java.util.LinkedHashMap<>();
        double[] values = {0.995, 0.999, 0.01, 0.02, 0, 1e-7, 1500.5, 12.25, 0.001, 0.95, 0.9, 30};
        List<String> keys = Gates.keys();
        for (int i = 0; i < keys.size(); i++) gates.put(keys.get(i), values[i % values.length]);
        return new EvalSpec(s, dataset, model, 0.9, 0.0, 64, 0, 2, "pytorch", variants, gates, "throughput");
    }

    @Test
    void everyKeyReadsBackTheSame() {
        roundTrip(new SpecWriter(), everyKey("name"));
    }

    /** Strings YAML would read as something else, or not at all, if written plain. */
    @Test
    void stringsThatLookLikeOtherThingsReadBackAsThemselves() {
        for (String s : List.of("true", "No", "null", "~", "123", "0x1F", "1e3", "-dash", "key: value", "a #b",
                "#hash", "[list]", "{map}", "it's", "say \"hi\"", " leading", "trailing ", "tab\there",
                "line\nbreak", "ümlaut/ß", "emoji \uD83D\uDE00", "*alias", "&anchor", "!tag", "%directive", "@at",
                "`tick`", "a, b", "?q", "|pipe", ">fold", "C:\\models\\m.onnx", "=", "-", ".", "...", "---")) {
            roundTrip(new SpecWriter(), everyKey(s));
        }
    }

    /** Random strings over YAML's indicator characters and more, many seeds. */
    @Test
    void randomStringsReadBackTheSame() {
        String alphabet = "aZ09 _-./:#,[]{}&*!|>'\"%@`?=~\\\t\nü";
        Random r = new Random(42);
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            roundTrip(new SpecWriter(), everyKey(b.toString()));
        }
    }

    @Test
    void numbersReadBackExactly() {
        for (double d : new double[] {0.1, 1.0 / 3, 1e-12, 123456789.125, 1e20, 2.5e-300, Double.MIN_VALUE,
                Double.MAX_VALUE, -0.75}) {
            Map<String, Double> gates = Map.of("min_agreement", d, "max_abs_diff", d);
            EvalSpec spec = new EvalSpec("n", null, null, d, null, null, null, null, null, null, gates, null);
            roundTrip(new SpecWriter(), spec);
        }
    }

    @Test
    void commentsGoAtTheEndOfTheirLineAndChangeNothing() {
        SpecWriter w = new SpecWriter().header("written by a test").header("second line")
                .comment("dataset.positive_label", "guess: the largest class id")
                .comment("dataset.preprocessing.divide_by", "guess: 8-bit data")
                .comment("model.score", "see the guesses")
                .comment("variants.pytorch", "the reference");
        String yaml = w.write(everyKey("x"));
        roundTrip(w, everyKey("x"));
        assertTrue(yaml.startsWith("# written by a test\n# second line\n"), yaml);
        assertTrue(yaml.contains("  positive_label: x   # guess: the largest class id\n"), yaml);
        assertTrue(yaml.contains("    divide_by: 255   # guess: 8-bit data\n"), "a commented key inside "
                + "preprocessing keeps preprocessing a block: " + yaml);
        assertTrue(yaml.contains("  score: {index: 1, transform: softmax}   # see the guesses\n"), yaml);
        assertTrue(yaml.contains("  - {name: pytorch, runtime: torchscript, artifact: model.pt, device: cpu}   # the "
                + "reference\n"), yaml);
    }

    /** The shipped demo's spec, read and written again, is the same spec. */
    @Test
    void theDemoSpecReadsBackTheSame() throws Exception {
        Path demo = TestFiles.demoDir().resolve("eval.yaml");
        EvalSpec spec = SpecLoader.read(demo, java.nio.file.Files.readString(demo));
        roundTrip(new SpecWriter(), spec);
    }

    /** localise's repair proposal: one line that, pasted under a spec's variants, is that variant. */
    @Test
    void aVariantLineIsTheVariant() {
        for (EvalSpec.VariantSpec v : everyKey("odd: name #1").variants()) {
            String line = new SpecWriter().comment("variants." + v.name(), "a comment").variantLine(v);
            assertTrue(line.startsWith("  - {") && line.endsWith("   # a comment") && !line.contains("\n"), line);
            EvalSpec back = SpecLoader.read(NOMINAL, "name: x\nvariants:\n" + line + "\n");
            assertEquals(List.of(v), back.variants(), line);
        }
    }

    /** Long sections are blocks, short ones one line; either way the same spec. */
    @Test
    void longMappingsAreBlocks() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) many.add("feature_" + i);
        var dataset = new EvalSpec.DatasetSpec("t.csv", null, null, null, null, many, "y", null, null, null, null,
                null);
        EvalSpec spec = new EvalSpec("t", dataset, null, null, null, null, null, null, null, null,
                Map.of("min_agreement", 0.99), null);
        String yaml = new SpecWriter().write(spec);
        assertTrue(yaml.contains("gates: {min_agreement: 0.99}\n"), yaml);
        assertTrue(yaml.contains("dataset:\n  inputs: t.csv\n  features: [feature_0, "), yaml);
        roundTrip(new SpecWriter(), spec);
    }
}
