package dev.parity.harness.pipeline;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time of a run's phases, in the order they ran: where a run's time goes besides inference (summary.json's
 * run.phase_seconds, and a progress line at the end of the run).
 */
final class PhaseClock {
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** Runs one phase and adds its wall time to the phase's total. */
    <T> T time(String phase, Supplier<T> step) {
        long t0 = System.nanoTime();
        try {
            return step.get();
        } finally {
            seconds.merge(phase, (System.nanoTime() - t0) / 1e9, Double::sum);
        }
    }

    /** Takes a phase that ran inside another out of the other's time. */
    void exclude(String outer, String inner) {
        Double in = seconds.get(inner);
        if (in != null) seconds.computeIfPresent(outer, (k, v) -> Math.max(0, v - in));
    }

    /** The phases so far, in milliseconds' precision. */
    Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        seconds.forEach((k, v) -> out.put(k, Math.round(v * 1000) / 1000.0));
        return out;
    }

    /** "scoring 12.3 s, metrics 0.4 s, ...": the phases as a sentence. */
    String line() {
        StringBuilder b = new StringBuilder();
        seconds.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k.replace('_', ' '))
                .append(String.format(Locale.ROOT, " %.2f s", v)));
        return b.toString();
    }
}
