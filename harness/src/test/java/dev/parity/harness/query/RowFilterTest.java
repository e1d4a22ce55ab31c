package dev.parity.harness.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The --where language on a hand-made table of four rows, each answer worked out by hand. */
class RowFilterTest {
    /** sample_id, label, class, "odd name"; variant int8 flips rows 1 and 3, is positive on 0 and 1. */
    static final List<Map<String, String>> ROWS = List.of(
            Map.of("sample_id", "a", "label", "1", "class", "Coat", "odd name", "10"),
            Map.of("sample_id", "b", "label", "0", "class", "Shirt", "odd name", "9"),
            Map.of("sample_id", "c", "label", "1", "class", "Coat", "odd name", "100"),
            Map.of("sample_id", "d", "label", "0", "class", "Bag", "odd name", "x"));
    static final boolean[] FLIPPED = {false, true, false, true};
    static final boolean[] POSITIVE = {true, true, false, false};
    static final double[] DIFF = {0.01, 0.5, 0.0, 2.0};

    static final RowFilter.Row TABLE = new RowFilter.Row() {
        @Override
        public String text(String column, int row) {
            return ROWS.get(row).get(column);
        }

        @Override
        public Double number(String column, int row) {
            try {
                return Double.parseDouble(ROWS.get(row).get(column));
            } catch (NumberFormatException | NullPointerException e) {
                return null;
            }
        }

        @Override
        public boolean flipped(String variant, int row) {
            return FLIPPED[row];
        }

        @Override
        public boolean positive(String variant, int row) {
            return POSITIVE[row];
        }

        @Override
        public double diff(String variant, int row) {
            return DIFF[row];
        }
    };

    static List<Integer> rows(String where) {
        RowFilter.Expr e = RowFilter.parse(where, Set.of("sample_id", "label", "class", "odd name", "int8"),
                Set.of("int8"));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) if (e.test(TABLE, i)) out.add(i);
        return out;
    }

    @Test
    void comparisonsBooleansAndPrecedence() {
        assertEquals(List.of(0, 2), rows("class = 'Coat'"));
        assertEquals(List.of(0, 2), rows("label == 1"));
        assertEquals(List.of(1, 3), rows("label != 1"));
        assertEquals(List.of(1, 3), rows("not class = \"Coat\""));
        // 'and' binds tighter than 'or': label = 0 or (class = Coat and flipped) = rows 1, 3
        assertEquals(List.of(1, 3), rows("label = 0 or class = 'Coat' and flipped(int8)"));
        assertEquals(List.of(1), rows("(label = 0 or class = 'Coat') and positive(int8) and flipped(int8)"));
        assertEquals(List.of(1, 3), rows("FLIPPED(int8)"), "keywords and functions are case-insensitive");
    }

    @Test
    void numbersCompareAsNumbersAndTextAsText() {
        // "odd name" holds 10, 9, 100, x: numerically 9 < 10 < 100; 'x' is no number, so it compares as text,
        // and "x" sorts after "10"
        assertEquals(List.of(0, 2, 3), rows("`odd name` >= 10"));
        assertEquals(List.of(1), rows("`odd name` < 10"));
        assertEquals(List.of(3), rows("`odd name` = 'x'"));
        assertEquals(List.of(1, 3), rows("diff(int8) > 0.1"));
        assertEquals(List.of(3), rows("diff(int8) >= 2e0"));
    }

    @Test
    void unknownNamesAndBadSyntaxAreNamed() {
        ParityInputException e = assertThrows(ParityInputException.class, () -> rows("colour = 'red'"));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        e = assertThrows(ParityInputException.class, () -> rows("flipped(fp16)"));
        assertTrue(e.getMessage().contains("fp16"), e.getMessage());
        e = assertThrows(ParityInputException.class, () -> rows("label = 1 and"));
        assertTrue(e.getMessage().contains("label = 1 and"), e.getMessage());
    }
}
