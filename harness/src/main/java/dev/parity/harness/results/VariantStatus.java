package dev.parity.harness.results;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What became of a variant in a run, spelled in summary.json and shard.json as "ok", "unavailable", "failed". */
public enum VariantStatus {
    /** It scored every sample. */
    OK,
    /** It could not run here (no GPU, a server that is unreachable or lacks the model); reported, not gated. */
    UNAVAILABLE,
    /** It opened but failed while running (a crash, a server's error); gate {@code completed} fails. */
    FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
