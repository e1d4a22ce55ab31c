package dev.parity.harness.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Speed figures from a bench.json written by `parity bench`, by variant and batch size. Empty when no benchmark ran.
 */
public final class BenchFigures {
    /** Throughput in samples/s with JMH's error, and latency percentiles of one batch in ms. */
    public record Figures(double samplesPerSecond, double samplesPerSecondError, Double p50Ms, Double p99Ms) {
    }

    private final Map<String, Map<Integer, Figures>> byVariant;
    private final Path source;

    private BenchFigures(Map<String, Map<Integer, Figures>> byVariant, Path source) {
        this.byVariant = byVariant;
        this.source = source;
    }

    public static BenchFigures none() {
        return new BenchFigures(Map.of(), null);
    }

    /** The figures of a bench.json, read through its record; none when the file does not exist. */
    public static BenchFigures read(Path benchJson) {
        if (!Files.isRegularFile(benchJson)) return none();
        return of(RunFileCodec.readBench(benchJson), benchJson);
    }

    /** The figures of a benchmark's results. */
    public static BenchFigures of(BenchSummary bench, Path source) {
        Map<String, Map<Integer, Figures>> map = new HashMap<>();
        for (BenchSummary.VariantResult r : bench.results()) {
            map.computeIfAbsent(r.variant(), k -> new HashMap<>()).put(r.batchSize(),
                    new Figures(r.samplesPerSecond(), r.samplesPerSecondError(), r.latencyMsP50(), r.latencyMsP99()));
        }
        return new BenchFigures(map, source);
    }

    public boolean present() {
        return source != null;
    }

    /** Every (variant, batch size) measured, as rows for the report's speed table. */
    public java.util.List<java.util.Map<String, Object>> rows() {
        java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
        new java.util.TreeMap<>(byVariant).forEach((v, byBatch) -> new java.util.TreeMap<>(byBatch).forEach((b, f) ->
                out.add(java.util.Map.of("variant", v, "batch", b, "throughput", Format.num(f.samplesPerSecond()),
                        "p50", f.p50Ms() == null ? "-" : Format.num(f.p50Ms()),
                        "p99", f.p99Ms() == null ? "-" : Format.num(f.p99Ms())))));
        return out;
    }

    public java.util.Set<Integer> batchSizes() {
        java.util.Set<Integer> s = new java.util.TreeSet<>();
        byVariant.values().forEach(m -> s.addAll(m.keySet()));
        return s;
    }

    public Optional<Figures> at(String variant, int batchSize) {
        return Optional.ofNullable(byVariant.getOrDefault(variant, Map.of()).get(batchSize));
    }
}
