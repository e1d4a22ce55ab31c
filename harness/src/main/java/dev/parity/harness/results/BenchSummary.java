package dev.parity.harness.results;

import java.util.List;
import java.util.Map;

/**
 * bench.json: what `parity bench` measured, with the machine and settings it was measured under, JMH's own
 * results alongside. Throughput is in samples/s (JMH's ops/s x batch size); latency is per batch, in ms.
 */
public record BenchSummary(
        int schemaVersion,
        String spec,
        MachineInfo machine,
        Settings settings,
        Long flopsPerSample,
        String peakAssumption,
        Double peakGflops,
        Double peakInt8Gops,
        List<VariantResult> results,
        Map<String, String> unavailable,
        Map<String, Map<String, Double>> throughputRatioToBaseline,
        List<Map<String, Object>> overhead,
        Map<String, Object> metrics,
        Object jmh) {

    public static final int SCHEMA_VERSION = 1;

    public record Settings(List<Integer> batchSizes, int forks, int warmupIterations, int measurementIterations,
                           int iterationMillis, int threads, String baseline) {
    }

    /**
     * @param precision       fp32, fp16 or int8, as the model's graph holds it (ONNX) or the spec made it; int8 is
     *                        held against the int8 peak, the others against fp32's (CPUs compute fp16 in fp32)
     * @param gflops          achieved GFLOP/s, counting the FP32 model's FLOPs (an int8 variant does the same
     *                        multiply-adds in int8, so for it these are int8 operations per second)
     * @param fractionOfPeak  gflops / the peak of the cores used for that precision
     */
    public record VariantResult(String variant, String runtime, String precision, int batchSize,
                                double samplesPerSecond,
                                double samplesPerSecondError, Double latencyMsP50, Double latencyMsP90,
                                Double latencyMsP99, Double latencyMsP999, Double gflops, Double fractionOfPeak) {
    }
}
