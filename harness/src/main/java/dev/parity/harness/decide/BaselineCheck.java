package dev.parity.harness.decide;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Comparison;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.GateName;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.results.VariantStatus;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.spec.ResolvedSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nightly regression: compares this run with an earlier run's summary.json, variant by variant, and turns every
 * figure that got worse beyond {@code gates.max_agreement_regression} into a failed gate that says what moved,
 * from what to what. A baseline of another dataset or reference model is refused unless forced. The baseline is
 * read through {@link RunSummary}, the record that wrote it.
 */
public final class BaselineCheck {
    private BaselineCheck() {
    }

    /**
     * Reads and checks a baseline before the (long) evaluation: readable, same schema, and unless forced the same
     * dataset and reference model as the spec.
     */
    public static RunSummary load(ResolvedSpec spec, Path baselineFile, boolean force) {
        if (!Files.isRegularFile(baselineFile)) {
            throw new ParityInputException(baselineFile + ": baseline summary not found");
        }
        return check(spec, RunFileCodec.readSummary(baselineFile), baselineFile.toString(), force);
    }

    /** The same checks on a baseline read elsewhere (the run store); {@code baselineFile} names it in messages. */
    public static RunSummary check(ResolvedSpec spec, RunSummary base, String baselineFile, boolean force) {
        if (!force) {
            String dataset = dev.parity.harness.run.DatasetHash.of(spec);
            String baseDataset = base.dataset().inputs().sha256();
            if (!dataset.equals(baseDataset)) {
                throw new ParityInputException(baselineFile + ": the baseline evaluated another dataset (inputs "
                        + "sha256 " + abbrev(baseDataset) + ", now " + abbrev(dataset) + "); figures would not be "
                        + "comparable. Pass --force-baseline to compare anyway");
            }
            String ref = Hashing.sha256(spec.referenceVariant().artifact());
            String baseRef = referenceSha(base);
            if (!ref.equals(baseRef)) {
                throw new ParityInputException(baselineFile + ": the baseline's reference model differs (sha256 "
                        + abbrev(baseRef) + ", now " + abbrev(ref) + "). Pass --force-baseline to compare anyway");
            }
        }
        return base;
    }

    /** One no_regression gate per variant and figure present in both runs. */
    public static List<GateResult> compare(EvaluationResult r, RunSummary base) {
        double tolerance = r.spec().gates().maxAgreementRegression();
        List<GateResult> out = new ArrayList<>();
        for (RunSummary.VariantInfo bv : base.variants()) {
            Comparison c = r.comparisons().get(bv.name());
            if (c == null || bv.status() != VariantStatus.OK) continue;
            if (c.heads() != null) {
                // each head against the same head of a multi-head baseline
                if (base.heads() == null) continue;
                for (RunSummary.HeadInfo h : base.heads()) {
                    Comparison now = c.heads().get(h.name());
                    RunSummary.VariantInfo was = h.variants().stream().filter(x -> x.name().equals(bv.name()))
                            .findFirst().orElse(null);
                    if (now != null && was != null) binary(out, bv.name(), h.name(), was, now, tolerance);
                }
                continue;
            }
            if (c.classes() != null) {
                // a multi-class run against a multi-class baseline; a binary baseline has no figure to hold it to
                if (bv.classes() == null) continue;
                check(out, bv.name(), "top1_agreement", "top-1 class agreement", bv.classes().top1Agreement(),
                        c.agreement(), tolerance);
                if (bv.classes().accuracy() != null && c.classes().vsTruth() != null) {
                    check(out, bv.name(), "accuracy", "accuracy against the labels", bv.classes().accuracy(),
                            c.classes().vsTruth().accuracy(), tolerance);
                }
                continue;
            }
            binary(out, bv.name(), null, bv, c, tolerance);
        }
        return out;
    }

    /**
     * A binary decision's two figures, agreement at the reference threshold and after recalibration, against the
     * baseline's; {@code head} names a multi-head model's head (in the gate's aspect and sentence), else null.
     */
    private static void binary(List<GateResult> out, String variant, String head, RunSummary.VariantInfo was,
                               Comparison now, double tolerance) {
        if (was.atReferenceThreshold() == null) return;
        String aspect = head == null ? "" : ":" + head, said = head == null ? "" : "head '" + head + "': ";
        check(out, variant, "agreement" + aspect, said + "agreement at the reference threshold",
                was.atReferenceThreshold().agreement(), now.atReference().agreement(), tolerance);
        check(out, variant, "agreement_recalibrated" + aspect, said + "agreement after recalibration",
                was.recalibration().agreementAfter(), now.recalibration().agreementAfter(), tolerance);
    }

    /** @param aspect which figure, so that each comparison has its own gate name (no_regression:agreement) */
    private static void check(List<GateResult> out, String variant, String aspect, String what, double was,
                              double now, double tolerance) {
        if (Double.isNaN(was)) return;
        boolean ok = was - now <= tolerance;
        out.add(new GateResult(variant, GateName.NO_REGRESSION, ok ? GateResult.Status.PASS : GateResult.Status.FAIL,
                now, was - tolerance, what + (ok ? " held: " : " fell: ") + Format.pct(was) + " -> " + Format.pct(now)
                + " (tolerance " + Format.pct(tolerance) + ")", aspect));
    }

    private static String referenceSha(RunSummary base) {
        for (RunSummary.VariantInfo v : base.variants()) {
            if (v.reference()) return v.artifact() == null ? "" : String.valueOf(v.artifact().sha256());
        }
        return "";
    }

    private static String abbrev(String sha) {
        return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12);
    }
}
