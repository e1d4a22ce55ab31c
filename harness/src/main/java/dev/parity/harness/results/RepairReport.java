package dev.parity.harness.results;

import java.util.List;

/**
 * What {@code parity repair} tried, as written to repair-VARIANT.json: every trial (the nodes kept in FP32, the
 * agreement on the full dataset, whether every gate passed, the speed), and the one to ship: the fastest trial
 * that passes, else the closest.
 *
 * @param originalAgreement the variant's agreement as it is
 * @param fragment the variant to add to the spec, as YAML
 */
public record RepairReport(int schemaVersion, String spec, String variant, String kind, double minAgreement,
                           double originalAgreement, List<Trial> trials, Integer chosen, boolean passed,
                           String fragment, String model, Speed original, Speed source) {
    public static final int SCHEMA_VERSION = 1;

    /**
     * @param failedGates the gates this trial failed (empty when it passes)
     */
    public record Trial(int index, List<String> keptFp32, double agreement, long flips, double agreementRecalibrated,
                        boolean passes, List<String> failedGates, Speed speed, String model) {
    }
}
