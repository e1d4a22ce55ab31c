package dev.parity.app;

import dev.parity.harness.pipeline.RunSession;
import picocli.CommandLine.Option;

/** {@code --speed-probe-ms MS}, declared once for the commands that decide what ships (eval, merge, compare). */
public final class SpeedProbeOption {
    @Option(names = "--speed-probe-ms", paramLabel = "MS", description = "Without a benchmark, the recommendation "
            + "takes a short speed probe of each candidate that passed the gates, alone and warmed up, this long "
            + "each (default: ${DEFAULT-VALUE}); 0 skips it: parity bench figures decide if there are any, else the "
            + "passing candidate closest to the reference ships.")
    long millis = RunSession.DEFAULT_SPEED_PROBE_MILLIS;
}
