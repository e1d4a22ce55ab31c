package dev.parity.harness.triton;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.VariantStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The threshold a variant ships with, read from the run that evaluated it (its summary.json, through the record
 * that wrote it). The rule ships every variant with its own recalibrated threshold (the reference's when
 * recalibration kept it), and the recommendation is the recommended variant's; so this is read, never re-derived.
 *
 * @param recommended    the run's recommended variant (may differ from {@code variant})
 * @param source         one sentence saying where the threshold comes from
 * @param artifactSha256 the SHA-256 of the file the run evaluated for this variant
 * @param failedGates    gates this variant failed in that run ("gate: detail"), empty when it passed them all
 * @param heads          a multi-head model's thresholds, by head in spec order (then {@code threshold} is NaN);
 *                       empty otherwise
 */
public record ShippedThreshold(String variant, double threshold, String source, String recommended,
                               String artifactSha256, List<String> failedGates, Path summary,
                               java.util.Map<String, Double> heads) {

    public ShippedThreshold(String variant, double threshold, String source, String recommended,
                            String artifactSha256, List<String> failedGates, Path summary) {
        this(variant, threshold, source, recommended, artifactSha256, failedGates, summary, java.util.Map.of());
    }

    /** The run's recommended variant, for when no --variant is given. */
    public static String recommendedVariant(Path runDir) {
        return read(runDir).decision().recommendation().variant();
    }

    public static ShippedThreshold from(Path runDir, String variant) {
        RunSummary run = read(runDir);
        Path summary = new RunFolder(runDir).summary();
        RunSummary.VariantInfo v = run.variants().stream().filter(c -> c.name().equals(variant)).findFirst()
                .orElseThrow(() -> new ParityInputException(summary + ": the run has no variant '" + variant
                        + "'; it has " + run.variants().stream().map(RunSummary.VariantInfo::name).toList()));
        if (v.status() != VariantStatus.OK) {
            throw new ParityInputException(summary + ": variant '" + variant + "' was " + v.status()
                    + " in that run (" + (v.reason() == null ? "" : v.reason()) + "); there is no threshold to ship");
        }
        RunSummary.Drift drift = v.scoreDrift();
        long nonFinite = drift.nanCount() + drift.infCount();
        if (nonFinite > 0) {
            throw new ParityInputException(summary + ": variant '" + variant + "' gave " + nonFinite + " non-finite "
                    + "score(s) in that run (" + drift.nanCount() + " NaN, " + drift.infCount() + " Inf); a model "
                    + "whose outputs overflow or are undefined is not fit to serve, whatever threshold it ships with. "
                    + "Repair it (for an FP16 variant, keep the overflowing nodes in float32 with "
                    + "convert.block_nodes) and evaluate it again");
        }
        String recommended = run.decision().recommendation().variant();
        List<String> failed = new ArrayList<>();
        for (GateResult g : run.decision().gates()) {
            if (variant.equals(g.variant()) && g.status() == GateResult.Status.FAIL) {
                failed.add(g.gate() + ": " + g.detail());
            }
        }
        String sha = v.artifact() == null ? null : v.artifact().sha256();
        if (run.heads() != null) {
            // every head ships with this variant's own threshold for it (recalibrated, or the reference's)
            java.util.Map<String, Double> heads = new java.util.LinkedHashMap<>();
            for (RunSummary.HeadInfo h : run.heads()) {
                RunSummary.VariantInfo hv = h.variants().stream().filter(x -> x.name().equals(variant)).findFirst()
                        .orElseThrow();
                heads.put(h.name(), hv.recalibration().threshold());
            }
            return new ShippedThreshold(variant, Double.NaN, variant.equals(recommended) ? "the run's recommendation "
                    + "(a threshold per head)" : "this variant's thresholds per head (the run recommended '"
                    + recommended + "', not this variant)", recommended, sha, failed, summary, heads);
        }
        if (v.classes() != null) {
            // a classifier ships its decision rule, the top class: no threshold
            return new ShippedThreshold(variant, Double.NaN, variant.equals(recommended) ? "the run's recommendation "
                    + "(its top class)" : "its top class (the run recommended '" + recommended + "', not this variant)",
                    recommended, sha, failed, summary);
        }
        boolean changed = v.recalibration().changed();
        String source = variant.equals(recommended)
                ? "the run's recommendation (" + (changed ? "recalibrated for this variant" : "the reference's threshold") + ")"
                : (changed ? "this variant's recalibrated threshold" : "the reference's threshold")
                        + " (the run recommended '" + recommended + "', not this variant)";
        return new ShippedThreshold(variant, v.recalibration().threshold(), source, recommended, sha, failed, summary);
    }

    private static RunSummary read(Path runDir) {
        Path summary = new RunFolder(runDir).summary();
        if (!Files.isRegularFile(summary)) {
            throw new ParityInputException(summary + ": not found; --run takes the output folder of 'parity eval' "
                    + "(it holds summary.json)");
        }
        RunSummary run = RunFileCodec.readSummary(summary);
        // a run whose reference was not trusted measured every threshold against wrong numbers: none is fit to serve
        if (run.decision().recommendation().nothingShips() != null) {
            throw new ParityInputException(summary + ": that run ships nothing: "
                    + run.decision().recommendation().nothingShips());
        }
        return run;
    }
}
