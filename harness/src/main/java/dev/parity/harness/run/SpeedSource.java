package dev.parity.harness.run;

import dev.parity.harness.results.Speed;
import java.util.List;
import java.util.Map;

/**
 * Measures the candidates' speed when no benchmark ran, each alone (the evaluation loop's own rate is contaminated
 * by the other variants and never decides). The harness's speed probe implements it; tests give constructed figures.
 */
@FunctionalInterface
public interface SpeedSource {
    /** No measurement at all: the recommendation then goes to the candidate closest to the reference. */
    SpeedSource NONE = (candidates, latency) -> Map.of();

    /**
     * @param candidates the variants that passed every gate, in spec order
     * @param latency    true: p99 latency per batch in ms (lower is better); false: samples/s
     * @return a figure per candidate it could measure
     */
    Map<String, Speed> measure(List<String> candidates, boolean latency);
}
