package dev.parity.harness.output;

import dev.parity.harness.spec.ResolvedSpec;

/** Which files hold a run's score table: scores.csv, scores.parquet, or both. */
public enum ScoresFormat {
    /** scores.parquet when the dataset is Parquet (a large table's users read Parquet), else scores.csv */
    AUTO, CSV, PARQUET, BOTH;

    public boolean csv(ResolvedSpec spec) {
        return this == CSV || this == BOTH || (this == AUTO && !parquetData(spec));
    }

    public boolean parquet(ResolvedSpec spec) {
        return this == PARQUET || this == BOTH || (this == AUTO && parquetData(spec));
    }

    private static boolean parquetData(ResolvedSpec spec) {
        return spec.dataset().kind() == ResolvedSpec.DataKind.PARQUET;
    }
}
