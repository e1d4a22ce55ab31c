package dev.parity.app;

import dev.parity.harness.output.ScoresFormat;
import picocli.CommandLine.Option;

/** {@code --scores FORMAT}, declared once for the commands that write a run folder (eval, merge, compare). */
public final class ScoresOption {
    @Option(names = "--scores", paramLabel = "FORMAT", description = "Which files hold the score table, one row per "
            + "sample: csv (scores.csv), parquet (scores.parquet, the same columns, typed; parity query reads either), "
            + "both, or auto (default): parquet when the dataset is Parquet or has more than a million samples, else "
            + "csv.")
    String format = "auto";

    ScoresFormat value() {
        try {
            return ScoresFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.parity.harness.ParityInputException("--scores " + format + ": expected csv, parquet, both "
                    + "or auto");
        }
    }
}
