package dev.parity.harness.results;

/**
 * The earlier run a run was compared with, named so that a reader can find it.
 *
 * @param file        the baseline's summary.json as given
 * @param startedAt   when the baseline ran (its run.started_at)
 * @param toolVersion the Parity that wrote it
 */
public record BaselineRun(String file, String startedAt, String toolVersion) {
}
