package dev.parity.benchmarks;

import dev.parity.harness.results.BenchSummary;
import java.util.Locale;
import java.util.Map;

/** A benchmark's results as the terminal shows them: one row per variant and batch size, then what else ran. */
public final class BenchTable {
    private BenchTable() {
    }

    /** FLOPs in the unit that shows three significant digits: a small MLP is 8.00 kFLOP, not 0.0 MFLOP. */
    public static String flops(long n) {
        String[] units = {"FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP"};
        double v = n;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 || u == 0 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }

    public static String render(BenchSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s, %d cores, %s; %s thread(s) per runtime%n", s.machine().cpu(),
                s.machine().cores(), String.join(" ", s.machine().simdFlags()), s.settings().threads() == 0 ? "default"
                        : String.valueOf(s.settings().threads())));
        if (s.flopsPerSample() != null) {
            sb.append(String.format(Locale.ROOT, "model: %s/sample; peak %.0f GFLOP/s fp32, %.0f GOP/s int8 = %s%n%n",
                    flops(s.flopsPerSample()), s.peakGflops(), s.peakInt8Gops(), s.peakAssumption()));
        }
        sb.append(String.format("%-16s %5s %6s %15s %11s %9s %9s %8s %8s%n", "variant", "prec", "batch", "samples/s",
                "vs " + s.settings().baseline(), "p50 ms", "p99 ms", "GFLOP/s", "of peak"));
        for (BenchSummary.VariantResult r : s.results()) {
            Double ratio = s.throughputRatioToBaseline().getOrDefault("batch_" + r.batchSize(), Map.of()).get(r.variant());
            sb.append(String.format(Locale.ROOT, "%-16s %5s %6d %9.0f ±%5s %11s %9s %9s %8s %8s%n", r.variant(),
                    r.precision(), r.batchSize(), r.samplesPerSecond(), Double.isFinite(r.samplesPerSecondError())
                            ? String.format(Locale.ROOT, "%.0f", r.samplesPerSecondError()) : "?",
                    ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio), ms(r.latencyMsP50()),
                    ms(r.latencyMsP99()), r.gflops() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.gflops()),
                    r.fractionOfPeak() == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.fractionOfPeak())));
        }
        s.unavailable().forEach((v, why) -> sb.append(String.format("%-16s unavailable: %s%n", v, why)));
        if (!s.overhead().isEmpty()) {
            sb.append(String.format("%nParity's path vs a bare ONNX Runtime loop (same model, 1 thread):%n"));
            for (Map<String, Object> m : s.overhead()) {
                if (!"thrpt".equals(m.get("mode"))) continue;
                sb.append(String.format(Locale.ROOT, "  %-7s batch %3s: %.4f %s%n", m.get("path"), m.get("batch_size"),
                        ((Number) m.get("score")).doubleValue(), m.get("unit")));
            }
        }
        if (s.metrics() != null) {
            sb.append(String.format(Locale.ROOT, "%nmetrics on %s scores: %.2f s per run (%s)%n",
                    s.metrics().get("samples"), ((Number) s.metrics().get("seconds_per_run")).doubleValue(),
                    s.metrics().get("what")));
        }
        return sb.toString();
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
