package dev.parity.benchmarks;

import dev.parity.metrics.OperatingPoint;
import dev.parity.metrics.PrecisionTargetThreshold;
import dev.parity.metrics.Recalibration;
import dev.parity.metrics.ScoreDrift;
import dev.parity.metrics.VerdictComparison;
import dev.parity.metrics.Verdicts;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * All of a variant's metrics on synthetic scores: threshold search on the reference, score drift, verdicts at
 * the threshold and recalibration. Runs on the benchmark thread only (one core).
 */
@State(Scope.Benchmark)
public class MetricsBenchmark {
    @Param("10000000")
    public int samples;

    private float[] reference;
    private float[] variant;
    private boolean[] labels;

    @Setup(Level.Trial)
    public void generate() {
        SplittableRandom rnd = new SplittableRandom(42);
        reference = new float[samples];
        variant = new float[samples];
        labels = new boolean[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = rnd.nextInt(10) == 0;
            // positives score higher on average; the variant adds small noise, like a lower precision does
            reference[i] = (float) (rnd.nextGaussian() + (labels[i] ? 2.5 : 0));
            variant[i] = reference[i] + (float) (rnd.nextGaussian() * 0.01);
        }
    }

    @Benchmark
    public Recalibration allMetrics() {
        OperatingPoint op = PrecisionTargetThreshold.find(reference, labels, 0.9);
        ScoreDrift.between(reference, variant, 10);
        VerdictComparison.at(reference, variant, labels, op.threshold());
        return Recalibration.fit(Verdicts.at(reference, op.threshold()), variant, op.threshold());
    }
}
