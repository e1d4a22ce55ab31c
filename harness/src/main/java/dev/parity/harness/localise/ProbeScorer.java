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

/** Scores a candidate model on the probe samples and counts its decisions against the reference's. */
final class ProbeScorer {
    private final ResolvedSpec spec;
    private final List<Batch> batches;
    private final Probe probe;
    private final DecisionRule rule;

    ProbeScorer(ResolvedSpec spec, Probe probe, DecisionRule rule) {
        this.spec = spec;
        this.probe = probe;
        this.batches = probe.batches(spec.batchSize());
        this.rule = rule;
    }

    /** Flips against the reference on the probe samples: [fixed (flipped before, not now), made (new), total]. */
    long[] flips(Path model) {
        int[] decisions = rule.decide(scores(model));
        long fixed = 0, made = 0, total = 0;
        for (int i = 0; i < decisions.length; i++) {
            // a sample with no class (a NaN score) is a change whatever the reference says
            boolean flip = decisions[i] != probe.reference()[i] || decisions[i] == dev.parity.metrics.ClassScores.NONE;
            if (flip) total++;
            if (probe.flipped()[i] && !flip) fixed++;
            if (!probe.flipped()[i] && flip) made++;
        }
        return new long[] {fixed, made, total};
    }

    float[] scores(Path model) {
        float[] scores = new float[probe.size() * rule.width()];
        ScoreExtractor extractor = ScoreExtractor.of(spec);
        try (Runner r = Runners.open(new RunnerSettings("candidate", RuntimeKind.ONNXRUNTIME, model, Device.CPU, 1,
                spec.contract()))) {
            for (Batch b : batches) extractor.extract("candidate", r.run(b), scores, (int) b.firstIndex());
        } catch (RunnerUnavailableException e) {
            throw new ParityInputException(model + ": cannot be opened with ONNX Runtime here: " + e.getMessage());
        }
        return scores;
    }
}
