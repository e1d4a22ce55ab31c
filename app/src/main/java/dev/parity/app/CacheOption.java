package dev.parity.app;

import dev.parity.harness.pipeline.DefaultDirs;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --cache DIR}, declared once for every command that makes, reuses or checks something (a picocli mixin, as
 * jbang declares its option families): one name, one description, one default.
 */
public final class CacheOption {
    @Option(names = "--cache", paramLabel = "DIR", description = "Where Parity keeps what it makes and reuses: made "
            + "variants (FP16, INT8, TensorRT engines), score checkpoints and the runtimes' self-check verdicts. "
            + "Default: $PARITY_CACHE, else ~/.cache/parity.")
    Path dir;

    /** The folder given, else the default. */
    public Path dir() {
        return dir != null ? dir : DefaultDirs.cache();
    }
}
