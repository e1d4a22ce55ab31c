package dev.parity.harness.decide;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Speed figures from a bench.json written by `parity bench` (read as JSON: the harness does not depend on the
 * benchmarks module), by variant and batch size. Empty when no benchmark ran.
 */
public final class BenchFigures {
    /** Throughput in samples/s and latency percentiles of one batch in ms. */
    public record Figures(double samplesPerSecond, Double p50Ms, Double p99Ms) {
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

    public static BenchFigures read(Path benchJson) {
        if (!Files.isRegularFile(benchJson)) return none();
        try {
            JsonNode root = Json.MAPPER.readTree(benchJson.toFile());
            Map<String, Map<Integer, Figures>> map = new HashMap<>();
            for (JsonNode r : root.path("results")) {
                JsonNode p50 = r.path("latency_ms_p50");
                JsonNode p99 = r.path("latency_ms_p99");
                map.computeIfAbsent(r.path("variant").asText(), k -> new HashMap<>()).put(r.path("batch_size").asInt(),
                        new Figures(r.path("samples_per_second").asDouble(), p50.isNumber() ? p50.asDouble() : null,
                                p99.isNumber() ? p99.asDouble() : null));
            }
            return new BenchFigures(map, benchJson);
        } catch (IOException e) {
            throw new ParityInputException(benchJson + ": cannot read the benchmark results: " + e.getMessage());
        }
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
