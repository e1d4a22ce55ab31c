package dev.parity.runners.selfcheck;

import java.util.List;

/**
 * What the self-check found for one runtime in one mode on this host.
 *
 * @param runtime  the runtime's label, e.g. "torchscript"
 * @param version  the runtime build that computed, e.g. "pytorch 2.7.1 (DJL 0.35.1)"
 * @param mode     the mode it ran in, e.g. "default" or "onednn-avx2"
 * @param outcomes one per probe, in the set's order
 * @param millis   how long the check took in this process
 */
public record SelfCheckReport(String runtime, String version, String mode, List<ProbeOutcome> outcomes,
                              long millis) {

    public SelfCheckReport {
        outcomes = List.copyOf(outcomes);
    }

    public boolean passed() {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(ProbeOutcome::passed);
    }

    public List<ProbeOutcome> failures() {
        return outcomes.stream().filter(o -> !o.passed()).toList();
    }

    /** The worst probe, e.g. "3 of 18 probes wrong, worst conv3x3 ...: max|diff| 0.40 (allowed 1e-3)". */
    public String summary() {
        if (passed()) {
            double worst = outcomes.stream().mapToDouble(o -> o.maxAbsDiff() / o.tolerance()).max().orElse(0);
            return "all " + outcomes.size() + " probes right (largest difference "
                    + String.format(java.util.Locale.ROOT, "%.2g", worst) + " of the allowed bound)";
        }
        List<ProbeOutcome> bad = failures();
        ProbeOutcome worst = bad.stream().max(java.util.Comparator.comparingDouble(
                o -> o.nonFinite() > 0 ? Double.POSITIVE_INFINITY : o.maxAbsDiff() / o.tolerance())).orElseThrow();
        return bad.size() + " of " + outcomes.size() + " probes wrong, worst " + worst.describe();
    }
}
