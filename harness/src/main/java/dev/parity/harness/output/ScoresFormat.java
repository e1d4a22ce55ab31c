package dev.parity.harness.output;

import dev.parity.harness.spec.ResolvedSpec;

/** Which files hold a run's score table: scores.csv, scores.parquet, or both. */
public enum ScoresFormat {
    /**
     * scores.parquet when the dataset is Parquet (its users read Parquet) or the run has more than
     * {@link #LARGE} samples (10M rows of scores.csv are some 400 MB of text and took 4 s to write), else scores.csv
     */
    AUTO, CSV, PARQUET, BOTH;

    /** Samples above which AUTO writes Parquet. */
    public static final long LARGE = 1_000_000;

    public boolean csv(ResolvedSpec spec, long samples) {
        return this == CSV || this == BOTH || (this == AUTO && !parquetByDefault(spec, samples));
    }

    public boolean parquet(ResolvedSpec spec, long samples) {
        return this == PARQUET || this == BOTH || (this == AUTO && parquetByDefault(spec, samples));
    }

    private static boolean parquetByDefault(ResolvedSpec spec, long samples) {
        return spec.dataset().kind() == ResolvedSpec.DataKind.PARQUET || samples > LARGE;
    }
}
