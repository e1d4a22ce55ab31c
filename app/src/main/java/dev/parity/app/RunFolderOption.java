package dev.parity.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code -o/--out DIR}, declared once for the commands that write or add to a run folder (eval, merge, compare,
 * join, bench, localise, repair): what may be replaced, what is refused, and where a run goes by default.
 */
public final class RunFolderOption {
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "The run folder: new, empty, or one Parity "
            + "wrote (an evaluation is replaced as a whole; bench, localise and repair add their files to it). A "
            + "folder holding anything else is refused and nothing in it is touched. Default: runs/<spec name> "
            + "(compare: runs/<--name>; join: runs/<spec name>-joined; a shard: runs/<spec name>-shard-i-of-n).")
    Path dir;
}
