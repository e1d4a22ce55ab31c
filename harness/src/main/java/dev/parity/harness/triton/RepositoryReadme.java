package dev.parity.harness.triton;

import dev.parity.harness.results.Format;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.ScoreTransform;

/**
 * The README.md in an exported model's folder: what is served, and the threshold it ships with (a classifier: its
 * decision, the top class, and its labels file).
 */
final class RepositoryReadme {
    private RepositoryReadme() {
    }

    static String render(TritonModel m, ResolvedSpec spec, ResolvedSpec.Variant variant, String artifactSha256,
                         ShippedThreshold shipped, Double explicitThreshold) {
        double threshold = explicitThreshold != null ? explicitThreshold : shipped.threshold();
        String score = "output '" + m.outputs().get(0).name() + "'" + (m.outputs().get(0).dims().size() > 1
                || m.outputs().get(0).dims().get(0) != 1 ? ", element " + spec.scoreIndex() + " of each sample" : "")
                + (spec.transform() == ScoreTransform.SIGMOID ? ", after a sigmoid" : ", as the model returns it");
        StringBuilder b = new StringBuilder();
        b.append("# Triton model: ").append(m.name()).append("\n\n");
        b.append("Written by `parity export-triton` from variant `").append(variant.name()).append("` of spec `")
                .append(spec.name()).append("`.\n\n");
        if (spec.multiHead()) {
            b.append("## The thresholds this model ships with, one per head\n\n");
            b.append("Each head reads one element of output '").append(m.outputs().get(0).name()).append("' (after its "
                    + "transform); a sample is positive for a head when that score is at or above the head's "
                    + "threshold.\n\n");
            b.append("| head | element | score | threshold |\n|---|---|---|---|\n");
            for (ResolvedSpec.Head h : spec.heads()) {
                // the shortest text that reads back exactly: rounding it further could flip a score near it
                b.append("| ").append(h.name()).append(" | ").append(h.index()).append(" | ")
                        .append(h.transform() == ScoreTransform.NONE ? "as the model returns it"
                                : "after " + h.transform().label()).append(" | `score >= ")
                        .append(Format.threshold(shipped.heads().get(h.name()))).append("` |\n");
            }
            b.append('\n');
        } else if (spec.multiClass()) {
            b.append("## What this model decides\n\n");
            b.append("Each sample's **top class**: the highest of its ").append(spec.scoreWidth()).append(" scores "
                    + "(output '").append(m.outputs().get(0).name()).append("'; ties to the lower class index, as "
                    + "argmax). `").append(m.labelFile()).append("` names the classes in output order, one per line, "
                    + "as the output's label_filename, so Triton's classification extension (a request's "
                    + "`class_count`) answers with class names.\n\n");
        } else {
            b.append("## The threshold this model ships with\n\n");
            // the shortest text that reads back exactly: rounding it further could flip a score near it
            b.append("**").append(Format.threshold(threshold)).append("**: a sample is positive when its score is at "
                    + "or above it (`score >= ").append(Format.threshold(threshold)).append("`).\n\n");
            b.append("- Score: ").append(score).append(".\n");
        }
        if (explicitThreshold != null) {
            b.append("- Source: given on the command line (`--threshold`), not taken from an evaluation run.\n");
        } else {
            b.append("- Source: ").append(shipped.source()).append(", from `").append(shipped.summary()).append("`.\n");
            if (!shipped.failedGates().isEmpty()) {
                b.append("- **Warning**: this variant failed gates in that run:\n");
                for (String g : shipped.failedGates()) b.append("  - ").append(g).append('\n');
            }
        }
        b.append("\n## Layout\n\n```\n").append(m.name()).append("/config.pbtxt\n")
                .append(m.labelFile() == null ? "" : m.name() + "/" + m.labelFile() + "\n").append(m.name())
                .append("/1/").append(m.modelFile()).append("\n```\n\n");
        b.append("- Platform: `").append(m.platform()).append("`, max_batch_size ").append(m.maxBatchSize())
                .append(m.maxBatchSize() > 0 ? " with dynamic batching" : " (no batching)").append(", ")
                .append(m.instances()).append(m.gpu() ? " GPU" : " CPU").append(" instance(s)")
                .append(m.trtPrecision() != null ? ", TensorRT accelerator at " + m.trtPrecision() : "").append(".\n");
        for (TritonModel.Tensor t : m.inputs()) b.append("- Input `").append(t.name()).append("` ").append(t.dataType())
                .append(' ').append(t.dims()).append('\n');
        for (TritonModel.Tensor t : m.outputs()) b.append("- Output `").append(t.name()).append("` ").append(t.dataType())
                .append(' ').append(t.dims()).append('\n');
        b.append("- Model file SHA-256: `").append(artifactSha256).append("`")
                .append(shipped != null && artifactSha256.equals(shipped.artifactSha256())
                        ? " (the file the run evaluated)" : "").append(".\n");
        b.append("- Preprocessing the client must apply (as in the spec): divide by ").append(spec.preprocessing().divideBy())
                .append(", mean ").append(java.util.Arrays.toString(spec.preprocessing().mean())).append(", std ")
                .append(java.util.Arrays.toString(spec.preprocessing().std())).append(".\n\n");
        b.append("## Serve it, and check the served model with Parity\n\n```\n")
                .append("tritonserver --model-repository=<the folder holding ").append(m.name()).append("/>\n```\n\n")
                .append("Then add a served variant to the spec and run `parity eval`; the report shows its drift "
                        + "against the reference like any other variant:\n\n```yaml\n")
                .append("  - name: ").append(m.name()).append("-served\n    runtime: kserve-http   # or kserve-grpc with "
                        + "url grpc://127.0.0.1:8001\n    server: {url: 'http://127.0.0.1:8000', model: ")
                .append(m.name()).append(renamed(m, spec)).append("}\n```\n");
        return b.toString();
    }

    /** Server-side tensor names for the spec's served variant, when the platform renames them (PyTorch backend). */
    private static String renamed(TritonModel m, ResolvedSpec spec) {
        String in = m.inputs().get(0).name(), out = m.outputs().get(0).name();
        return (in.equals(spec.contract().inputName()) ? "" : ", input: " + in)
                + (out.equals(spec.contract().outputName()) ? "" : ", output: " + out);
    }
}
