package dev.parity.harness.localise;

import dev.parity.convert.Fp16Settings;
import dev.parity.convert.GraphPrecision;
import dev.parity.convert.OnnxModels;
import dev.parity.convert.QdqBypass;
import dev.parity.convert.QuantSettings;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.Conversion;
import dev.parity.harness.spec.EvalSpec;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecWriter;
import dev.parity.runners.RuntimeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The variant localise and repair work on, its FP32 source, and how a node of it is kept in FP32: a variant
 * Parity made is made again with the node added to its FP16 block list or INT8 exclusion list (what a spec can
 * say, so the repair is a spec fragment); a QDQ model made elsewhere gets the node's quantization bypassed by graph
 * surgery. TensorRT engines, served variants and foreign FP16 models are refused with the reason.
 */
final class Target {
    /** Runtime names as specs spell them, from the one place that has them. */
    private static final String ONNX = RuntimeKind.ONNXRUNTIME.label();

    enum Kind {
        FP16, INT8, QDQ;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final ResolvedSpec spec;
    final ResolvedSpec.Variant variant;
    final ResolvedSpec.Variant source;
    final Kind kind;
    final Path variantModel;
    final Path sourceModel;
    private final Path cacheDir;
    private final Consumer<String> progress;

    private Target(ResolvedSpec spec, ResolvedSpec.Variant variant, ResolvedSpec.Variant source, Kind kind,
                   Path variantModel, Path sourceModel, Path cacheDir, Consumer<String> progress) {
        this.spec = spec;
        this.variant = variant;
        this.source = source;
        this.kind = kind;
        this.variantModel = variantModel;
        this.sourceModel = sourceModel;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    static Target of(ResolvedSpec spec, String name, Path cacheDir, Consumer<String> progress) {
        ResolvedSpec.Variant v = spec.requireVariant(name, "--variant");
        if (v.name().equals(spec.reference())) {
            throw new ParityInputException("--variant " + name + " is the reference; localise a variant of it");
        }
        if (v.runtime() == RuntimeKind.TENSORRT) {
            throw new ParityInputException("--variant " + name + ": a TensorRT engine exposes no ONNX tensors and "
                    + "cannot keep an ONNX node in FP32; localise the ONNX variant it is built from ('" + v.from() + "')");
        }
        if (v.remote()) {
            throw new ParityInputException("--variant " + name + ": a served variant's tensors are on the server; "
                    + "localise a local copy of its model");
        }
        if (v.from() == null) {
            throw new ParityInputException("--variant " + name + ": needs its FP32 source in the spec: make it with "
                    + "'from' + 'convert', or name the variant it was made from with 'from' next to its artifact");
        }
        ResolvedSpec.Variant src = spec.variant(v.from()).orElseThrow();
        ResolvedSpec needed = spec.withVariants(spec.withSources(List.of(name)));
        VariantMaker.Result made = VariantMaker.make(needed, cacheDir, progress);
        Path model = made.artifact(name), sourceModel = made.artifact(src.name());
        if (model == null || sourceModel == null) {
            throw new ParityInputException("--variant " + name + ": could not be made here: "
                    + made.unavailable().getOrDefault(name, made.unavailable().get(src.name())));
        }
        Kind kind;
        if (v.made()) {
            kind = v.conversion().fp16() != null ? Kind.FP16 : Kind.INT8;
        } else if (GraphPrecision.of(model) == GraphPrecision.INT8) {
            kind = Kind.QDQ;
        } else {
            throw new ParityInputException("--variant " + name + ": " + model + " is " + GraphPrecision.of(model)
                    .label() + "; a model made elsewhere can be repaired when it is INT8 QDQ; for FP16 let Parity "
                    + "make it (convert: {precision: fp16}) so nodes can be kept in FP32 with block_nodes");
        }
        return new Target(spec, v, src, kind, model, sourceModel, cacheDir, progress);
    }

    /** Whether the conversion changes the precision of nodes of this op type (so keeping one in FP32 can help). */
    boolean changes(String opType) {
        return switch (kind) {
            case FP16 -> !variant.conversion().fp16().blockOps().contains(opType);
            case INT8 -> dev.parity.convert.QdqQuantizer.QUANTIZABLE.contains(opType)
                    && !variant.conversion().int8().excludeOps().contains(opType);
            case QDQ -> dev.parity.convert.QdqQuantizer.QUANTIZABLE.contains(opType) || opType.equals("MatMul");
        };
    }

    /** The nodes this variant already keeps in FP32 (its spec's block or exclusion list). */
    Set<String> alreadyKept() {
        if (kind == Kind.FP16) return variant.conversion().fp16().blockNodes();
        if (kind == Kind.INT8) return variant.conversion().int8().excludeNodes();
        return Set.of();
    }

    /** The variant as it would be with {@code keep} nodes (also) in FP32, named {@code name}. */
    ResolvedSpec.Variant withKept(String name, Set<String> keep) {
        Set<String> all = new TreeSet<>(alreadyKept());
        all.addAll(keep);
        Conversion c = variant.conversion();
        if (kind == Kind.FP16) {
            Fp16Settings f = c.fp16();
            return new ResolvedSpec.Variant(name, variant.runtime(), null, variant.device(), variant.from(),
                    new Conversion(new Fp16Settings(f.keepIoTypes(), f.blockOps(), all), null, null,
                            c.forceEvalCalibration()));
        }
        QuantSettings q = c.int8();
        return new ResolvedSpec.Variant(name, variant.runtime(), null, variant.device(), variant.from(),
                new Conversion(null, new QuantSettings(q.target(), q.method(), q.percentile(), q.excludeOps(), all),
                        null, c.forceEvalCalibration()));
    }

    /** The model file of the variant with {@code keep} in FP32, made (or found) in the cache. */
    Path modelKeeping(Set<String> keep) {
        if (keep.isEmpty()) return variantModel;
        if (kind == Kind.QDQ) {
            String key = Hashing.sha256(Hashing.sha256(variantModel) + "|" + Hashing.sha256(sourceModel) + "|"
                    + new TreeSet<>(keep)).substring(0, 16);
            Path out = cacheDir.resolve(variant.name() + "-keep-" + key + ".onnx");
            if (!Files.isRegularFile(out)) {
                OnnxModels.write(QdqBypass.keepFloat(OnnxModels.read(variantModel), OnnxModels.read(sourceModel),
                        new HashSet<>(keep)), out);
            }
            return out;
        }
        ResolvedSpec.Variant trial = withKept(variant.name() + ".keep", keep);
        ResolvedSpec one = spec.withVariants(List.of(source, trial));
        return VariantMaker.make(one, cacheDir, m -> { }).artifact(trial.name());
    }

    /** The spec lines of the variant with {@code keep} in FP32, to paste under variants:. */
    String fragment(String name, Set<String> keep, Path model) {
        Set<String> union = new TreeSet<>(alreadyKept());
        union.addAll(keep);
        List<String> all = List.copyOf(union);
        EvalSpec.VariantSpec v = switch (kind) {
            case FP16 -> new EvalSpec.VariantSpec(name, ONNX, null, null, source.name(), new EvalSpec.ConvertSpec(
                    "fp16", null, null, all, null, null, null, null, null, null, null), null);
            case INT8 -> new EvalSpec.VariantSpec(name, ONNX, null, null, source.name(), new EvalSpec.ConvertSpec(
                    "int8", null, null, null, variant.conversion().int8().target().label(), null, null, null, all,
                    null, null), null);
            case QDQ -> new EvalSpec.VariantSpec(name, ONNX, model.toString(), null, source.name(), null, null);
        };
        SpecWriter w = new SpecWriter();
        if (kind == Kind.QDQ) w.comment("variants." + name, variant.name() + " with " + String.join(", ", all)
                + " kept in FP32");
        return w.variantLine(v);
    }
}
