package dev.parity.harness.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ConstructedRun;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.TestFiles;
import dev.parity.harness.decide.DecisionMaker;
import dev.parity.harness.results.BenchFigures;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.run.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate table (GateName) is the one definition of a gate: its key is what the spec takes and checks, its default
 * what a spec without it gets, its kind of limit what is refused, its entry what every variant is measured on, and
 * README's table lists it with that default.
 */
class GateTableTest {
    @TempDir
    Path dir;

    private static List<GateName> perVariant() {
        List<GateName> out = new ArrayList<>();
        for (GateName g : GateName.values()) if (g.perVariant()) out.add(g);
        return out;
    }

    @Test
    void aSpecWithoutGatesGetsEveryDefaultAndOnlyThose() {
        for (GateName g : perVariant()) assertEquals(g.defaultLimit(), Gates.DEFAULTS.limit(g), g.key());
        assertEquals(0.001, Gates.DEFAULTS.maxAgreementRegression());
        assertEquals(30, Gates.DEFAULTS.minSliceSize());
        assertEquals(30, Gates.DEFAULTS.minClassSize());
    }

    /** For each gate, a limit of the wrong kind is refused naming gates.KEY; one of the right kind is taken. */
    @Test
    void eachGatesKindOfLimitIsChecked() {
        Map<GateName.Limit, double[]> wrongAndRight = Map.of(
                GateName.Limit.FRACTION, new double[] {1.5, 0.5},
                GateName.Limit.NON_NEGATIVE, new double[] {-1, 0},
                GateName.Limit.COUNT, new double[] {-1, 3},
                GateName.Limit.POSITIVE, new double[] {0, 2.5},
                GateName.Limit.POSITIVE_RATE, new double[] {-3, 100});
        for (GateName g : perVariant()) {
            double[] v = wrongAndRight.get(g.limit());
            ParityInputException e = assertThrows(ParityInputException.class,
                    () -> Gates.resolve(Map.of(g.key(), v[0]), this::error), g.key());
            assertTrue(e.getMessage().startsWith("'" + g.specKey() + "' must be"), e.getMessage());
            assertEquals(v[1], Gates.resolve(Map.of(g.key(), v[1]), this::error).limit(g), 0, g.key());
        }
        ParityInputException unknown = assertThrows(ParityInputException.class,
                () -> Gates.resolve(Map.of("min_agreemnt", 0.9), this::error));
        assertTrue(unknown.getMessage().contains("'gates.min_agreemnt' is not a key of gates; it takes min_agreement,"),
                unknown.getMessage());
    }

    private ParityInputException error(String key, String what) {
        return new ParityInputException("'" + key + "' " + what);
    }

    /** With every gate on, each variant gets one result per gate of the table, in the table's order. */
    /** Every gate of a binary score's, all set: each held once, in table order (and no multi-class gate). */
    @Test
    void everyGateOnMeansOneResultPerGateInTableOrder() throws IOException {
        boolean[] y = ConstructedRun.labels(200, 4);
        float[] ref = new float[200];
        for (int i = 0; i < ref.length; i++) ref[i] = y[i] ? 1 + i * 1e-3f : -1 - i * 1e-3f;
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("copy", ref.clone());
        EvaluationResult r = ConstructedRun.of(dir, scores, y, allSet(false));
        List<GateName> held = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null).gates().stream()
                .filter(g -> g.variant().equals("copy")).map(GateResult::gate).toList();
        assertEquals(perVariant().stream().filter(g -> g.scope().covers(false)).toList(), held);
    }

    /** The same for a multi-class score: its own gates and those of any score, in table order. */
    @Test
    void everyMultiClassGateOnMeansOneResultPerGateInTableOrder() throws IOException {
        int n = 120, k = 3;
        float[] ref = new float[n * k];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            ref[i * k + y[i]] = 2;
        }
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", ref);
        scores.put("copy", ref.clone());
        EvaluationResult r = ConstructedRun.ofClasses(dir, scores, k, y, allSet(true));
        List<GateName> held = DecisionMaker.decide(r, BenchFigures.none(), List.of(), null).gates().stream()
                .filter(g -> g.variant().equals("copy")).map(GateResult::gate).toList();
        assertEquals(perVariant().stream().filter(g -> g.scope().covers(true)).toList(), held);
    }

    /** A gate of the other kind of score in a spec is refused naming it, not silently ignored. */
    @Test
    void aGateOfTheOtherKindOfScoreIsRefused() throws IOException {
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("ref", new float[] {1, 0, 0, 1});
        ParityInputException multi = assertThrows(ParityInputException.class, () -> ConstructedRun.ofClasses(dir,
                scores, 2, null, "gates: {min_agreement: 0.9}"));
        assertTrue(multi.getMessage().contains("'gates.min_agreement' holds a binary score's verdicts"),
                multi.getMessage());
        ParityInputException binary = assertThrows(ParityInputException.class, () -> ConstructedRun.of(dir,
                Map.of("ref", new float[] {1, 0}), new boolean[] {true, false}, "gates: {min_top1_agreement: 0.9}"));
        assertTrue(binary.getMessage().contains("'gates.min_top1_agreement' holds a multi-class score"),
                binary.getMessage());
    }

    /** A gates block setting every gate of one kind of score (fractions to 0.5, the others to 1). */
    private static String allSet(boolean multiClass) {
        StringBuilder gates = new StringBuilder("gates: {");
        for (GateName g : perVariant()) {
            if (!g.scope().covers(multiClass)) continue;
            double v = g.limit() == GateName.Limit.FRACTION ? 0.5 : 1;
            gates.append(g.key()).append(": ").append(v).append(", ");
        }
        gates.setLength(gates.length() - 2);
        return gates.append("}").toString();
    }

    /** README's gates table names every key the gates block takes, each gate with its default ("off" when none). */
    @Test
    void theReadmesTableListsEveryGateWithItsDefault() throws IOException {
        Path readme = TestFiles.demoDir().getParent().getParent().resolve("README.md");
        List<String> rows = Files.readAllLines(readme).stream().filter(l -> l.startsWith("| `")).toList();
        for (String key : Gates.keys()) {
            String row = rows.stream().filter(l -> l.split("\\|")[1].contains("`" + key + "`")).findFirst()
                    .orElse(null);
            assertNotNull(row, key + " is not in README's gates table");
            GateName g = perVariant().stream().filter(x -> x.key().equals(key)).findFirst().orElse(null);
            if (g == null) continue;
            String documented = row.split("\\|")[2].strip();
            String expected = g.defaultLimit() == null ? "off"
                    : new java.math.BigDecimal(g.defaultLimit().toString()).stripTrailingZeros().toPlainString();
            assertEquals(expected, documented, row);
        }
    }

    /** compare's --gate KEY=VALUE: read as the gates block reads them; a misspelt gate or a word is named. */
    @Test
    void gatesFromTheCommandLineAreReadAsTheSpecReadsThem() {
        Map<String, Double> g = Gates.parse(Map.of("min_agreement", "0.995", "max_nan_inf", "2"), "--gate");
        assertEquals(Map.of("min_agreement", 0.995, "max_nan_inf", 2.0), g);
        String typo = org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> Gates.parse(Map.of("min_agreemnt", "1"), "--gate")).getMessage();
        assertTrue(typo.startsWith("--gate min_agreemnt=...: no such gate; the gates are ")
                && typo.contains("min_agreement"), typo);
        String word = org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> Gates.parse(Map.of("min_agreement", "high"), "--gate")).getMessage();
        assertTrue(word.startsWith("--gate min_agreement=high: not a value of that gate"), word);
        String range = org.junit.jupiter.api.Assertions.assertThrows(dev.parity.harness.ParityInputException.class,
                () -> Gates.parse(Map.of("min_agreement", "1.5"), "--gate")).getMessage();
        assertEquals("--gate min_agreement=1.5: must be in [0, 1], found 1.5", range);
    }
}
