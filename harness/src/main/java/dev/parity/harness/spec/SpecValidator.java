package dev.parity.harness.spec;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.parquet.ParquetDataset;
import dev.parity.harness.results.Classes;
import dev.parity.runners.DType;
import dev.parity.runners.Device;
import dev.parity.runners.ModelContract;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.CpuIsa;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Fills in defaults and checks every value of a parsed spec, naming the key of anything wrong. */
final class SpecValidator {
    static final double DEFAULT_TARGET_PRECISION = 0.9;
    static final int DEFAULT_BATCH_SIZE = 64;

    private final Path file;
    private final YamlLocations locations;

    private SpecValidator(Path file, YamlLocations locations) {
        this.file = file;
        this.locations = locations;
    }

    static ResolvedSpec resolve(Path file, EvalSpec s, YamlLocations locations) {
        return new SpecValidator(file, locations).resolve(s);
    }

    private ResolvedSpec resolve(EvalSpec s) {
        Path dir = file.toAbsolutePath().getParent();
        EvalSpec.ModelSpec ms = require(s.model(), "model");
        DatasetResolver datasets = new DatasetResolver(dir, this::error);
        EvalSpec.ScoreSpec score = ms.score() == null ? new EvalSpec.ScoreSpec(0, "none") : ms.score();
        Classes classes = classes(score, s);
        boolean heads = ms.heads() != null;
        if (heads && (ms.score() != null || classes != null)) {
            throw error("model.heads", "and model.score are both given: a model's decisions are its heads (each "
                    + "with its own index) or one score; keep one");
        }
        List<String> headColumns = !heads ? List.of() : ms.heads().stream().filter(h -> h != null && h.label() != null)
                .map(EvalSpec.HeadSpec::label).toList();
        // a multi-class run's decision is the top class: labels only add accuracy and per-class operating points;
        // each head has labels of its own
        DatasetResolver.Resolved data = datasets.resolve(s.dataset(), s.threshold() != null || classes != null
                || heads, headColumns);
        ResolvedSpec.Preprocessing pre = data.preprocessing();
        Path calibration = data.calibration();

        DType inputType = ms.inputDtype() == null ? DType.FLOAT32 : DType.parse(ms.inputDtype());
        if (inputType != DType.FLOAT32 && inputType != DType.FLOAT16) {
            throw error("model.input_dtype", "must be float32 or float16, found '" + ms.inputDtype() + "'");
        }
        ModelContract contract = new ModelContract(require(ms.input(), "model.input"), inputType, pre.shape(),
                require(ms.output(), "model.output"), DType.FLOAT32);
        int scoreIndex = score.index() == null ? 0 : score.index();
        if (scoreIndex < 0) {
            throw error("model.score.index", "must be >= 0, found " + scoreIndex);
        }
        ScoreTransform transform = score.transform() == null ? ScoreTransform.NONE : ScoreTransform.parse(score.transform());
        if (transform == null) {
            throw error("model.score.transform", "must be one of none, sigmoid, softmax; found '" + score.transform() + "'");
        }

        double target = s.targetPrecision() == null ? DEFAULT_TARGET_PRECISION : s.targetPrecision();
        if (!(target > 0 && target <= 1)) {
            throw error("target_precision", "must be in (0, 1], found " + target);
        }
        List<ResolvedSpec.Head> resolvedHeads = heads ? heads(ms.heads(), s, data, target) : List.of();
        if (s.threshold() != null && !Double.isFinite(s.threshold())) {
            throw error("threshold", "must be a finite number, found " + s.threshold());
        }
        int batch = s.batchSize() == null ? DEFAULT_BATCH_SIZE : s.batchSize();
        if (batch < 1) {
            throw error("batch_size", "must be >= 1, found " + batch);
        }
        int threads = s.threads() == null ? 0 : s.threads();
        if (threads < 0) {
            throw error("threads", "must be >= 0 (0: the cores divided among the variants scored at once), found "
                    + threads);
        }
        int workers = s.workers() == null ? 0 : s.workers();
        if (workers < 0) {
            throw error("workers", "must be >= 0 (0: one per core), found " + workers);
        }

        List<ResolvedSpec.Variant> variants = variants(s.variants(), dir);
        for (int i = 0; i < variants.size(); i++) {
            ResolvedSpec.Preprocessing own = datasets.override(s.dataset().preprocessing(),
                    s.variants().get(i).preprocessing(), data.dataset(), pre, "variants[" + i + "].preprocessing");
            if (own != null) variants.set(i, variants.get(i).withPreprocessing(own));
            EvalSpec.VariantSpec vs = s.variants().get(i);
            if (Boolean.TRUE.equals(vs.informational())) {
                if (Boolean.TRUE.equals(vs.required())) {
                    throw error("variants[" + i + "].required", "and 'informational' are both set on '"
                            + vs.name() + "': an informational variant's failures never count, a required one's "
                            + "absence always does; keep one");
                }
                variants.set(i, variants.get(i).asInformational());
            }
            if (vs.required() != null) variants.set(i, variants.get(i).withRequired(vs.required()));
            variants.set(i, host(variants.get(i), vs, "variants[" + i + "]"));
        }
        for (int i = 0; i < variants.size(); i++) {
            ResolvedSpec.Variant v = variants.get(i);
            if (v.conversion() != null && v.conversion().int8() != null && calibration == null) {
                throw error("variants[" + i + "].convert", "asks for int8, which needs 'dataset.calibration' "
                        + "(samples from the training split, never the evaluation set)");
            }
        }
        String reference = s.reference() == null ? variants.get(0).name() : s.reference();
        if (variants.stream().noneMatch(v -> v.name().equals(reference))) {
            throw error("reference", "names '" + reference + "' but the variants are "
                    + variants.stream().map(ResolvedSpec.Variant::name).toList());
        }
        ResolvedSpec.Variant ref = variants.stream().filter(v -> v.name().equals(reference)).findFirst().orElseThrow();
        if (ref.informational()) {
            throw error("variants[" + variants.indexOf(ref) + "].informational", "is set on the reference '" + reference
                    + "'; every other variant is held to it, so its failures always count");
        }
        if (ref.preprocessing() != null) {
            throw error("variants[" + variants.indexOf(ref) + "].preprocessing", "is given for the reference '"
                    + reference + "', which keeps the dataset's preprocessing (it defines the verdicts the others "
                    + "are held to); move the keys to dataset.preprocessing");
        }
        String name = s.name() == null ? stripExtension(file.getFileName().toString()) : s.name();
        Gates gates = Gates.resolve(s.gates(), this::error);
        Gates.requireScope(s.gates(), classes != null, this::error);
        ResolvedSpec.Objective objective;
        if (s.objective() == null || s.objective().equals("throughput")) {
            objective = ResolvedSpec.Objective.THROUGHPUT;
        } else if (s.objective().equals("p99_latency")) {
            objective = ResolvedSpec.Objective.P99_LATENCY;
        } else {
            throw error("objective", "must be throughput or p99_latency, found '" + s.objective() + "'");
        }
        return new ResolvedSpec(file, name, data.inputs(), data.dataset(), data.labels(), calibration,
                data.positiveLabel(), pre, contract, scoreIndex, transform, classes, resolvedHeads,
                target, s.threshold(), batch, threads, workers, reference, variants, gates, objective, null);
    }

    /**
     * A multi-head model's heads: each a binary score on its own element of the output, with its own labels (an NPY
     * file or a CSV column) and operating point. What belongs to each head cannot be given once for all of them.
     */
    private List<ResolvedSpec.Head> heads(List<EvalSpec.HeadSpec> specs, EvalSpec s, DatasetResolver.Resolved data,
                                          double defaultTarget) {
        if (specs.isEmpty()) throw error("model.heads", "must list at least one head");
        if (s.threshold() != null) {
            throw error("threshold", "is one operating threshold, but the model has heads: give each head its own "
                    + "(model.heads[i].threshold)");
        }
        EvalSpec.DatasetSpec ds = s.dataset();
        for (String[] k : new String[][] {{"labels", ds.labels()}, {"label", ds.label()},
                {"positive_label", ds.positiveLabel()}}) {
            if (k[1] != null) {
                throw error("dataset." + k[0], "is for one score; the model has heads, and each head names its own "
                        + "(model.heads[i]." + k[0] + ")");
            }
        }
        ResolvedSpec.DataKind kind = data.dataset().kind();
        if (kind == ResolvedSpec.DataKind.IMAGE_FOLDER || kind == ResolvedSpec.DataKind.IMAGE_LIST) {
            throw error("model.heads", "need each head's labels, from NPY files or the columns of a table (CSV, Parquet); image "
                    + "data is not supported with heads yet");
        }
        Set<String> names = new HashSet<>();
        List<ResolvedSpec.Head> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            EvalSpec.HeadSpec h = specs.get(i);
            String key = "model.heads[" + i + "]";
            if (h == null || h.name() == null || h.name().isBlank()) throw error(key + ".name", "is required");
            if (!h.name().matches("[A-Za-z0-9_.-]+")) {
                throw error(key + ".name", "'" + h.name() + "' may hold letters, digits, '_', '.' and '-' only (it "
                        + "names the head's gates and report sections)");
            }
            if (!names.add(h.name())) throw error(key + ".name", "'" + h.name() + "' names two heads");
            if (h.index() == null || h.index() < 0) {
                throw error(key + ".index", "must be given, >= 0 (the head's element of each sample's output), found "
                        + h.index());
            }
            ScoreTransform transform = h.transform() == null ? ScoreTransform.NONE : ScoreTransform.parse(h.transform());
            if (transform == null) {
                throw error(key + ".transform", "must be one of none, sigmoid, softmax; found '" + h.transform() + "'");
            }
            double target = h.targetPrecision() == null ? defaultTarget : h.targetPrecision();
            if (!(target > 0 && target <= 1)) throw error(key + ".target_precision", "must be in (0, 1], found " + target);
            if (h.threshold() != null && !Double.isFinite(h.threshold())) {
                throw error(key + ".threshold", "must be a finite number, found " + h.threshold());
            }
            Path labels = null;
            String column = null;
            if (kind == ResolvedSpec.DataKind.NPY) {
                if (h.label() != null) {
                    throw error(key + ".label", "names a table's column; NPY inputs take an NPY file of the head's labels "
                            + "(labels)");
                }
                if (h.labels() != null) labels = file.toAbsolutePath().getParent().resolve(h.labels()).normalize();
                if (h.positiveLabel() != null && !h.positiveLabel().matches("-?\\d+")) {
                    throw error(key + ".positive_label", "must be a whole number for NPY labels, found '"
                            + h.positiveLabel() + "'");
                }
            } else {
                if (h.labels() != null) {
                    throw error(key + ".labels", "is an NPY file of labels; a table's heads take their label column "
                            + "(label)");
                }
                column = h.label();
                if (column != null) {
                    List<String> columns = kind == ResolvedSpec.DataKind.PARQUET
                            ? ParquetDataset.open(data.inputs()).columns().stream().map(ParquetDataset.Column::name)
                            .toList() : CsvFormat.header(data.inputs()).columns();
                    if (!columns.contains(column)) {
                        throw error(key + ".label", "names '" + column + "', which " + data.inputs() + " does not "
                                + "have; its columns are " + columns);
                    }
                }
            }
            if (labels == null && column == null && h.threshold() == null) {
                throw error(key, "'" + h.name() + "' needs its labels (" + (kind == ResolvedSpec.DataKind.NPY
                        ? "labels: an NPY file" : "label: a column") + ") to fit its threshold to its target "
                        + "precision, or a fixed threshold");
            }
            out.add(new ResolvedSpec.Head(h.name(), h.index(), transform, target, h.threshold(), labels, column,
                    h.positiveLabel()));
        }
        return out;
    }

    /** A multi-class score's classes, or null for one positive-class score; what a multi-class spec cannot have. */
    private Classes classes(EvalSpec.ScoreSpec score, EvalSpec s) {
        if (score.classes() == null && score.classNames() == null) {
            if (score.topK() != null) {
                throw error("model.score.top_k", "applies to a multi-class score; give model.score.classes (K) or "
                        + "class_names");
            }
            return null;
        }
        List<String> names = score.classNames();
        if (names != null) {
            if (names.size() < 2) throw error("model.score.class_names", "must name 2 classes or more, found " + names);
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (n == null || n.isBlank()) throw error("model.score.class_names[" + i + "]", "is empty");
                if (n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
                    throw error("model.score.class_names[" + i + "]", "holds a line break (a labels file names one "
                            + "class per line)");
                }
                if (names.indexOf(n) != i) {
                    throw error("model.score.class_names[" + i + "]", "'" + n + "' is also class "
                            + names.indexOf(n) + "; class names must differ");
                }
            }
        }
        int k = score.classes() != null ? score.classes() : names.size();
        if (k < 2) throw error("model.score.classes", "must be 2 or more, found " + k);
        if (names != null && names.size() != k) {
            throw error("model.score.class_names", "names " + names.size() + " classes but model.score.classes is "
                    + k);
        }
        if (score.index() != null) {
            throw error("model.score.index", "picks one positive-class score, but the score is multi-class ("
                    + k + " classes: the decision is the top class); remove index, or remove classes/class_names "
                    + "for a binary score");
        }
        if (s.threshold() != null) {
            throw error("threshold", "is a binary score's operating threshold; a multi-class decision is the top "
                    + "class (per-class thresholds are fitted to target_precision)");
        }
        if (s.dataset() != null && s.dataset().positiveLabel() != null) {
            throw error("dataset.positive_label", "picks the positive class of a binary score; a multi-class "
                    + "score's labels are class ids" + (names != null ? " or class_names" : ""));
        }
        int topK = score.topK() != null ? score.topK() : Math.min(5, k);
        if (topK < 1 || topK > k) throw error("model.score.top_k", "must be in 1.." + k + ", found " + topK);
        List<String> resolved = new ArrayList<>();
        for (int c = 0; c < k; c++) resolved.add(names != null ? names.get(c) : Integer.toString(c));
        return new Classes(k, resolved, topK);
    }

    private List<ResolvedSpec.Variant> variants(List<EvalSpec.VariantSpec> specs, Path dir) {
        if (specs == null || specs.isEmpty()) {
            throw error("variants", "must list at least the reference variant");
        }
        List<ResolvedSpec.Variant> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            EvalSpec.VariantSpec v = specs.get(i);
            String key = "variants[" + i + "]";
            if (v == null) {
                throw error(key, "is empty");
            }
            String name = require(v.name(), key + ".name");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw error(key + ".name", "must be letters, digits, '.', '_' or '-' (it names a CSV column "
                        + "and files), found '" + name + "'");
            }
            if (!names.add(name)) {
                throw error(key + ".name", "'" + name + "' is used by two variants");
            }
            String runtimeName = require(v.runtime(), key + ".runtime");
            RuntimeKind runtime = RuntimeKind.parse(runtimeName);
            if (runtime == null) {
                throw error(key + ".runtime", "must be one of " + RuntimeKind.labels() + ", found '" + runtimeName + "'");
            }
            Device device;
            try {
                device = v.device() == null ? Device.CPU : Device.parse(v.device());
            } catch (IllegalArgumentException e) {
                throw error(key + ".device", e.getMessage());
            }
            if (runtime.served()) {
                if (v.artifact() != null || v.convert() != null || v.from() != null) {
                    throw error(key, "a served variant (runtime " + runtime + ") takes a 'server' block, not "
                            + "artifact, from or convert");
                }
                out.add(new ResolvedSpec.Variant(name, runtime, null, device, null, null, ServerValidator.resolve(
                        require(v.server(), key + ".server"), key + ".server", runtime == RuntimeKind.KSERVE_GRPC, dir,
                        this::error)));
                continue;
            }
            if (v.server() != null) {
                throw error(key + ".server", "applies to runtimes " + RuntimeKind.KSERVE_HTTP + " and "
                        + RuntimeKind.KSERVE_GRPC + " only");
            }
            if (v.convert() == null) {
                String from = null;
                if (v.from() != null) {
                    // a model made elsewhere (e.g. quantized by another tool) from a variant of this spec:
                    // localise and repair compare it with that source
                    if (v.artifact() == null) {
                        throw error(key + ".from", "needs a 'convert' block saying how to make the variant, or an "
                                + "'artifact' made elsewhere from '" + v.from() + "'");
                    }
                    from = v.from();
                    ResolvedSpec.Variant source = out.stream().filter(o -> o.name().equals(v.from())).findFirst()
                            .orElseThrow(() -> error(key + ".from", "names '" + v.from() + "', which is not a variant "
                                    + "listed before this one"));
                    if (source.runtime() != RuntimeKind.ONNXRUNTIME || runtime != RuntimeKind.ONNXRUNTIME) {
                        throw error(key + ".from", "relates two ONNX models (runtime " + RuntimeKind.ONNXRUNTIME
                                + "); found " + source.runtime() + " -> " + runtime);
                    }
                }
                Path artifact = dir.resolve(require(v.artifact(), key + ".artifact")).normalize();
                out.add(new ResolvedSpec.Variant(name, runtime, artifact, device, from, null));
                continue;
            }
            if (v.artifact() != null) {
                throw error(key + ".artifact", "must not be given for a variant Parity makes (it has 'convert')");
            }
            String from = require(v.from(), key + ".from");
            ResolvedSpec.Variant source = out.stream().filter(o -> o.name().equals(from)).findFirst()
                    .orElseThrow(() -> error(key + ".from", "names '" + from + "', which is not a variant listed "
                            + "before this one"));
            if (source.runtime() != RuntimeKind.ONNXRUNTIME) {
                throw error(key + ".from", "names '" + from + "' (runtime " + source.runtime()
                        + "); variants are made from an ONNX model (runtime " + RuntimeKind.ONNXRUNTIME + ")");
            }
            Conversion conversion = ConversionValidator.resolve(v.convert(), runtime, key + ".convert", this::error);
            out.add(new ResolvedSpec.Variant(name, runtime, null, device, from, conversion));
        }
        return out;
    }

    /** A variant's host.cpu_isa and batch_size, checked. */
    private ResolvedSpec.Variant host(ResolvedSpec.Variant v, EvalSpec.VariantSpec s, String key) {
        String isa = null;
        if (s.host() != null && s.host().cpuIsa() != null) {
            isa = s.host().cpuIsa().trim().toLowerCase(java.util.Locale.ROOT);
            if (v.runtime() != RuntimeKind.TORCHSCRIPT) {
                throw error(key + ".host.cpu_isa", "applies to runtime " + RuntimeKind.TORCHSCRIPT + " (libtorch's "
                        + "oneDNN can be capped at an instruction set); " + v.runtime() + " has no such switch: its "
                        + "kernels follow the CPU it runs on");
            }
            if (!CpuIsa.ONEDNN.contains(isa)) {
                throw error(key + ".host.cpu_isa", "must be one of " + CpuIsa.ONEDNN + ", found '"
                        + s.host().cpuIsa() + "'");
            }
        }
        if (s.batchSize() != null && s.batchSize() < 1) {
            throw error(key + ".batch_size", "must be >= 1, found " + s.batchSize());
        }
        return isa == null && s.batchSize() == null ? v : v.withHost(isa, s.batchSize());
    }

    private <T> T require(T value, String key) {
        if (value == null) {
            throw error(key, "is required");
        }
        return value;
    }

    ParityInputException error(String key, String what) {
        return new ParityInputException(file + locations.at(key) + ": '" + key + "' " + what);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
