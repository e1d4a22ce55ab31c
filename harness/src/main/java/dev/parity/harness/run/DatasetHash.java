package dev.parity.harness.run;

import dev.parity.harness.data.ImageSet;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.spec.ResolvedSpec;
import java.nio.file.Path;

/**
 * The dataset's identity wherever runs are compared (checkpoints, shards, baselines, summary.json): the inputs
 * file's SHA-256, a folder's over every file in it, and for a CSV listing images the listing's together with every
 * listed image's, so that a changed image is a changed dataset even when the listing is not.
 */
public final class DatasetHash {
    private DatasetHash() {
    }

    public static String of(ResolvedSpec spec) {
        if (spec.dataset().kind() != ResolvedSpec.DataKind.IMAGE_LIST) return Hashing.sha256(spec.inputs());
        StringBuilder b = new StringBuilder(Hashing.sha256(spec.inputs()));
        for (Path f : ImageSet.listedFiles(spec.inputs(), spec.dataset().pathColumn())) {
            b.append('\n').append(java.nio.file.Files.isRegularFile(f) ? Hashing.sha256(f) : "missing " + f);
        }
        return Hashing.sha256(b.toString());
    }
}
