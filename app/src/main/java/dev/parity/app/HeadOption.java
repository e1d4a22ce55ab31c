package dev.parity.app;

import dev.parity.harness.spec.ResolvedSpec;
import picocli.CommandLine.Option;

/** {@code --head NAME}: localise and repair work on one head of a multi-head model, as a binary spec of its own. */
final class HeadOption {
    @Option(names = "--head", paramLabel = "NAME", description = "Multi-head models: the head whose decisions are "
            + "compared (its element of the output, its labels and threshold).")
    String head;

    /** The spec as the command works on it: the head's binary spec when one is named. */
    ResolvedSpec apply(ResolvedSpec spec) {
        return head == null ? spec : spec.binaryHead(head, "--head");
    }
}
