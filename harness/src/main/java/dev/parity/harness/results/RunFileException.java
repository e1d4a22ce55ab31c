package dev.parity.harness.results;

import dev.parity.common.ParityException;

/**
 * A run file (summary.json, bench.json, shard.json) that cannot be read as one: missing, not JSON, another schema
 * version, or a shape that is not Parity's. The message names the file and what was expected. Bad input: exit 2.
 */
public final class RunFileException extends ParityException {
    public RunFileException(String message, Throwable cause) {
        super(Status.BAD_INPUT, message, cause);
    }
}
