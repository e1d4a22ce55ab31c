package dev.parity.harness.localise;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.run.ScoreExtractor;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import dev.parity.runners.Device;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.factory.Runners;
import java.nio.file.Path;
import java.util.List;

/** Scores a candidate model on the probe samples and counts its verdicts against the reference's. */
final class ProbeScorer {
    private final ResolvedSpec spec;
    private final List<Batch> batches;
    private final Probe probe;
    private final double threshold;

    ProbeScorer(ResolvedSpec spec, Probe probe, double threshold) {
        this.spec = spec;
        this.probe = probe;
        this.batches = probe.batches(spec.batchSize());
        this.threshold = threshold;
    }

    /** Flips against the reference on the probe samples: [fixed (flipped before, not now), made (new), total]. */
    long[] flips(Path model) {
        float[] scores = scores(model);
        long fixed = 0, made = 0, total = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flip = (scores[i] >= threshold) != probe.reference()[i];
            if (flip) total++;
            if (probe.flipped()[i] && !flip) fixed++;
            if (!probe.flipped()[i] && flip) made++;
        }
        return new long[] {fixed, made, total};
    }

    float[] scores(Path model) {
        float[] scores = new float[probe.size()];
        ScoreExtractor extractor = new ScoreExtractor(spec.scoreIndex(), spec.transform());
        try (Runner r = Runners.open(new RunnerSettings("candidate", RuntimeKind.ONNXRUNTIME, model, Device.CPU, 1,
                spec.contract()))) {
            for (Batch b : batches) extractor.extract("candidate", r.run(b), scores, (int) b.firstIndex());
        } catch (RunnerUnavailableException e) {
            throw new ParityInputException(model + ": cannot be opened with ONNX Runtime here: " + e.getMessage());
        }
        return scores;
    }
}
