package dev.parity.benchmarks;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import dev.parity.runners.Batch;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.factory.Runners;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every variant benchmark needs: the spec with its made variants, an open runner, and a pool of batches
 * drawn from the real dataset (preprocessed once, cycled through), so that timing sees real inputs, not zeros.
 */
final class BenchFixture {
    /** Samples drawn for the batch pool; enough that caches do not see one batch over and over. */
    static final int POOL_SAMPLES = 1024;

    final ResolvedSpec spec;
    /** Where each variant's model file is (made ones made), and which could not be made here. */
    final VariantMaker.Result made;
    final List<Batch> batches = new ArrayList<>();

    BenchFixture(Path specFile, Path cacheDir, int batchSize) {
        this.spec = SpecLoader.load(specFile);
        this.made = VariantMaker.make(spec, cacheDir, m -> { });
        try (SampleSource inputs = DataSources.open(spec)) {
            if (batchSize > inputs.rows()) {
                throw new ParityInputException("batch size " + batchSize + " is larger than the dataset ("
                        + inputs.rows() + " samples in " + spec.inputs() + ")");
            }
            BatchStream stream = new BatchStream(inputs, spec.preprocessing(), batchSize);
            int wanted = Math.max(1, Math.min(POOL_SAMPLES / batchSize, (int) (inputs.rows() / batchSize)));
            while (batches.size() < wanted && stream.hasNext()) {
                Batch b = stream.next();
                if (b.size() == batchSize) batches.add(b);
            }
        }
    }

    /** Opens the named variant's runner with the given intra-op threads, in this process. */
    Runner open(String variant, int threads) throws RunnerUnavailableException {
        return open(variant, threads, Runners::open);
    }

    /** The same, opened by {@code opener} (e.g. in a worker process in its self-checked mode). */
    Runner open(String variant, int threads, dev.parity.harness.run.ScoringPass.RunnerOpener opener)
            throws RunnerUnavailableException {
        ResolvedSpec.Variant v = spec.variant(variant).orElseThrow(() -> new ParityInputException(
                "the spec has no variant '" + variant + "'"));
        Path artifact = made.artifact(variant);
        if (artifact == null && !v.remote()) {
            throw new RunnerUnavailableException(made.unavailable().getOrDefault(variant, "it could not be made here"),
                    null);
        }
        return opener.open(new RunnerSettings(v.name(), v.runtime(), artifact, v.device(), threads,
                spec.contract(), v.server(), v.cpuIsa()));
    }
}
