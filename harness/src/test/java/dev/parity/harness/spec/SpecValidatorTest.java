package dev.parity.harness.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules between keys that SpecValidator holds a spec to once it parsed, each on a spec that breaks only that
 * rule: the error names the key (with its line) and what was found; a spec that breaks none resolves.
 */
class SpecValidatorTest {
    @TempDir
    Path dir;

    @BeforeEach
    void data() throws IOException {
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {10, 4}, new byte[40]);
        TestFiles.uint8(dir.resolve("y.npy"), new long[] {10}, new byte[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
    }

    private String spec(String top, String variants) {
        return """
                name: v
                dataset: {inputs: x.npy, labels: y.npy, preprocessing: {shape: [4]}}
                model: {input: x, output: y}
                %s
                variants:
                %s
                """.formatted(top, variants);
    }

    private static final String REF = "  - {name: ref, runtime: onnxruntime, artifact: m.onnx}";

    private ResolvedSpec resolve(String yaml) {
        return SpecLoader.fromText(dir.resolve("spec.yaml"), yaml, "test");
    }

    private String error(String yaml) {
        return assertThrows(ParityInputException.class, () -> resolve(yaml)).getMessage();
    }

    @Test
    void aSpecThatBreaksNoRuleResolvesWithItsDefaults() throws IOException {
        Files.write(dir.resolve("m.onnx"), new byte[0]);
        ResolvedSpec r = resolve(spec("reference: ref", REF));
        assertEquals("ref", r.reference());
        assertEquals(0.9, r.targetPrecision(), 0);
        assertNull(r.fixedThreshold());
        assertEquals(0.99, r.gates().limit(dev.parity.harness.results.GateName.MIN_AGREEMENT), 0);
    }

    @Test
    void eachRuleNamesItsKey() {
        assertTrue(error(spec("reference: nope", REF)).contains("'reference' names 'nope' but the variants are"),
                error(spec("reference: nope", REF)));
        assertTrue(error(spec("reference: ref\nbatch_size: 0", REF)).contains("batch_size"));
        assertTrue(error(spec("reference: ref\ntarget_precision: 1.5", REF)).contains("target_precision"));
        assertTrue(error(spec("reference: ref\nthreads: -1", REF)).contains("threads"));
        assertTrue(error(spec("reference: ref\nobjective: cheapest", REF)).contains("objective"));
        assertTrue(error(spec("reference: ref\ngates: {min_agreement: 1.2}", REF)).contains("gates.min_agreement"));
        assertTrue(error(spec("reference: ref\ngates: {confidence: 0.3}", REF)).contains("gates.confidence"));
        String int8 = error(spec("reference: ref", REF + "\n  - {name: q, runtime: onnxruntime, from: ref, "
                + "convert: {precision: int8}}"));
        assertTrue(int8.contains("variants[1].convert") && int8.contains("dataset.calibration"), int8);
        String refInformational = error(spec("reference: ref",
                "  - {name: ref, runtime: onnxruntime, artifact: m.onnx, informational: true}"));
        assertTrue(refInformational.contains("variants[0].informational"), refInformational);
        String both = error(spec("reference: ref", REF + "\n  - {name: w, runtime: onnxruntime, artifact: m.onnx, "
                + "informational: true, required: true}"));
        assertTrue(both.contains("variants[1].required"), both);
    }

    /** A multi-class score: what it resolves to, and each key it cannot have named. */
    @Test
    void aMultiClassScoreAndWhatItCannotHave() {
        java.util.function.Function<String, String> multi = score -> """
                name: v
                dataset: {inputs: x.npy, preprocessing: {shape: [4]}}
                model: {input: x, output: y, score: %s}
                variants:
                %s
                """.formatted(score, REF);
        ResolvedSpec named = resolve(multi.apply("{class_names: [cat, dog, fox], transform: softmax}"));
        assertTrue(named.multiClass());
        assertEquals(3, named.scoreWidth());
        assertEquals(java.util.List.of("cat", "dog", "fox"), named.classes().names());
        assertEquals(3, named.classes().topK()); // min(5, K)
        ResolvedSpec counted = resolve(multi.apply("{classes: 12}"));
        assertEquals("11", counted.classes().name(11));
        assertEquals(5, counted.classes().topK());
        assertEquals("none", counted.classes().name(-1));
        // labels are optional for a multi-class score (no threshold is fitted on them): this spec has none
        assertNull(counted.labels());
        assertTrue(error(multi.apply("{classes: 1}")).contains("'model.score.classes' must be 2 or more"));
        assertTrue(error(multi.apply("{classes: 3, class_names: [a, b]}")).contains("names 2 classes but"));
        assertTrue(error(multi.apply("{class_names: [a, b, a]}")).contains("'a' is also class 0"));
        assertTrue(error(multi.apply("{classes: 3, index: 1}")).contains("'model.score.index' picks one"));
        assertTrue(error(multi.apply("{classes: 3, top_k: 4}")).contains("'model.score.top_k' must be in 1..3"));
        assertTrue(error(multi.apply("{index: 0, top_k: 2}")).contains("'model.score.top_k' applies to a "
                + "multi-class score"));
        assertTrue(error(multi.apply("{classes: 3}") + "threshold: 0.5\n").contains("'threshold' is a binary"));
        String positive = error(multi.apply("{classes: 3}").replace("preprocessing:", "positive_label: '1', "
                + "preprocessing:"));
        assertTrue(positive.contains("'dataset.positive_label' picks the positive class"), positive);
        assertTrue(error(multi.apply("{classes: 3}") + "gates: {min_recall_drop: 0.1}\n").contains("gates"));
        assertTrue(error(multi.apply("{classes: 3}") + "gates: {max_recall_drop: 0.1}\n")
                .contains("'gates.max_recall_drop' holds a binary score's verdicts"));
        assertTrue(error(spec("reference: ref\ngates: {min_class_size: 10}", REF))
                .contains("'gates.min_class_size' applies to a multi-class score"));
    }

    /** Heads: what they resolve to, and what belongs to a head and cannot be given once for all. */
    @Test
    void headsAndWhatBelongsToEachHead() {
        java.util.function.BiFunction<String, String, String> spec = (dataset, heads) -> """
                name: v
                dataset: {inputs: x.npy, preprocessing: {shape: [4]}%s}
                model: {input: x, output: y, heads: %s}
                variants:
                %s
                """.formatted(dataset, heads, REF);
        ResolvedSpec r = resolve(spec.apply("", "[{name: a, index: 0, labels: y.npy}, {name: b, index: 2, "
                + "transform: sigmoid, threshold: 0.5, target_precision: 0.8}]"));
        assertTrue(r.multiHead());
        assertEquals(2, r.scoreWidth());
        ResolvedSpec.Head b = r.heads().get(1);
        assertEquals(2, b.index());
        assertEquals(0.5, b.fixedThreshold(), 0);
        assertEquals(0.8, b.targetPrecision(), 0);
        assertEquals(0.9, r.heads().get(0).targetPrecision(), 0); // the spec's default
        assertEquals(dir.resolve("y.npy"), r.heads().get(0).labels());
        // each head's binary spec: its element is column 0 of the head's scores, its own operating point
        ResolvedSpec forB = r.forHead(b);
        assertEquals(0, forB.scoreIndex());
        assertEquals(0.5, forB.fixedThreshold(), 0);
        assertTrue(!forB.multiHead());
        assertTrue(error(spec.apply("", "[]")).contains("'model.heads' must list at least one head"));
        assertTrue(error(spec.apply("", "[{name: a, index: 0, labels: y.npy}, {name: a, index: 1, labels: y.npy}]"))
                .contains("'a' names two heads"));
        assertTrue(error(spec.apply("", "[{name: 'a b', index: 0, labels: y.npy}]")).contains("letters, digits"));
        assertTrue(error(spec.apply("", "[{name: a, labels: y.npy}]")).contains("'model.heads[0].index' must be"));
        assertTrue(error(spec.apply("", "[{name: a, index: 0}]")).contains("needs its labels"));
        assertTrue(error(spec.apply("", "[{name: a, index: 0, label: y}]")).contains("names a table's column"));
        assertTrue(error(spec.apply("", "[{name: a, index: 0, labels: y.npy, positive_label: yes}]"))
                .contains("whole number"));
        assertTrue(error(spec.apply(", labels: y.npy", "[{name: a, index: 0, labels: y.npy}]"))
                .contains("'dataset.labels' is for one score"));
        assertTrue(error(spec.apply("", "[{name: a, index: 0, labels: y.npy}]") + "threshold: 0.5\n")
                .contains("'threshold' is one operating threshold, but the model has heads"));
        assertTrue(error(spec.apply("", "[{name: a, index: 0, labels: y.npy}]").replace("heads:",
                "score: {index: 0}, heads:")).contains("'model.heads' and model.score are both given"));
    }

    @Test
    void theErrorSaysWhereInTheFile() {
        String e = error(spec("reference: ref\nbatch_size: 0", REF));
        assertTrue(e.startsWith(dir.resolve("spec.yaml") + " line "), e);
    }
}
