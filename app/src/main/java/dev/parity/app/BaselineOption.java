package dev.parity.app;

import picocli.CommandLine.Option;

/** {@code --baseline} and {@code --force-baseline}, declared once for the commands that finish a run. */
public final class BaselineOption {
    @Option(names = "--baseline", paramLabel = "SUMMARY|last|last-passing|ID",
            description = "An earlier run: its summary.json, or from the run store the last run of this spec (or "
                    + "compare --name) on this dataset, the last that passed, or a run id. Fails (exit 1) when a "
                    + "variant got worse beyond gates.max_agreement_regression, saying which figure moved from what "
                    + "to what.")
    String value;

    @Option(names = "--force-baseline", description = "Compare with a baseline of another dataset or reference "
            + "model anyway (refused by default: the figures would not be comparable).")
    boolean force;
}
