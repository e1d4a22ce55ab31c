package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.spec.CsvFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * Which columns of a CSV table mean what, for the commands that write a spec from options (init, compare): the one
 * the user named, else the conventional name. The spec itself never guesses: these end up written in it.
 */
final class CsvColumnGuess {
    /** Label columns looked for, in order, when none is named. */
    static final List<String> LABEL_NAMES = List.of("label", "target", "y");

    private CsvColumnGuess() {
    }

    static boolean isCsv(Path inputs) {
        return inputs.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    }

    /** The label column: {@code given} (checked), else the first of label, target, y, else null. */
    static String label(CsvFormat.Header h, String given, String option) {
        if (given != null) return require(h, given, option);
        return LABEL_NAMES.stream().filter(c -> h.index(c) >= 0).findFirst().orElse(null);
    }

    /** The id column: {@code given} (checked), else one named id, else null. */
    static String id(CsvFormat.Header h, String given, String option) {
        if (given != null) return require(h, given, option);
        return h.index("id") >= 0 ? "id" : null;
    }

    /** Named feature columns, each checked; null when none are named (eval takes the other numeric columns). */
    static List<String> features(CsvFormat.Header h, List<String> given, String option) {
        if (given == null || given.isEmpty()) return null;
        for (String f : given) require(h, f, option);
        return given;
    }

    private static String require(CsvFormat.Header h, String column, String option) {
        if (h.index(column) < 0) {
            throw new ParityInputException(option + " " + column + ": " + h.file() + " has no such column; its "
                    + "columns: " + h.columns());
        }
        return column;
    }
}
