package dev.parity.harness.run;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parity.convert.ConversionException;
import dev.parity.convert.Fp16Converter;
import dev.parity.convert.Fp16Settings;
import dev.parity.convert.Graphs;
import dev.parity.convert.OnnxModels;
import dev.parity.convert.QdqQuantizer;
import dev.parity.convert.QuantSettings;
import dev.parity.convert.TensorRtEngineBuilder;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.NpyCalibration;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.results.Json;
import dev.parity.harness.results.MadeVariant;
import dev.parity.harness.results.ToolVersion;
import dev.parity.harness.spec.Conversion;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.RunnerUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Makes the variants a spec asks Parity to make ({@code from} + {@code convert}), before the evaluation runs.
 * Made files are content-addressed in a cache folder: the key hashes the source model, the settings, the
 * calibration set and the tool version, so an unchanged variant is reused and a changed one is made anew.
 */
public final class VariantMaker {
    private final ResolvedSpec spec;
    private final Path cacheDir;
    private final Consumer<String> progress;
    private NpyCalibration calibration;
    /** Calibration samples found in the evaluation set, once counted. */
    private Long overlap;

    /**
     * @param artifacts   the model file of every local variant that has one, by name: the spec's file, or for a
     *                    made variant the made file (in the cache)
     * @param made        how each made variant was made
     * @param unavailable variants that cannot be made here (e.g. a TensorRT engine without a GPU), with the reason
     */
    public record Result(Map<String, Path> artifacts, Map<String, MadeVariant> made, Map<String, String> unavailable) {
        /** The model file the variant runs, or null (served, or not made here). */
        public Path artifact(String variant) {
            return artifacts.get(variant);
        }
    }

    private VariantMaker(ResolvedSpec spec, Path cacheDir, Consumer<String> progress) {
        this.spec = spec;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    public static Result make(ResolvedSpec spec, Path cacheDir, Consumer<String> progress) {
        return new VariantMaker(spec, cacheDir, progress).run();
    }

    private Result run() {
        Map<String, Path> artifacts = new LinkedHashMap<>();
        Map<String, MadeVariant> made = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        java.util.Set<String> checked = new java.util.HashSet<>();
        for (ResolvedSpec.Variant v : spec.variants()) {
            if (!v.made()) {
                if (v.artifact() != null) artifacts.put(v.name(), v.artifact());
                continue;
            }
            if (unavailable.containsKey(v.from())) {
                unavailable.put(v.name(), "its source variant '" + v.from() + "' is unavailable");
                continue;
            }
            if (!made.containsKey(v.from()) && checked.add(v.from())) {
                // the spec's model, checked once before anything is made from it (a made source was checked)
                SourceModelCheck.require(v.from(), artifacts.get(v.from()), v.name(), spec.contract());
            }
            try {
                MadeVariant m = makeOne(v, artifacts.get(v.from()));
                made.put(v.name(), m);
                artifacts.put(v.name(), Path.of(m.artifact()));
            } catch (RunnerUnavailableException e) {
                unavailable.put(v.name(), e.getMessage());
                progress.accept(v.name() + " cannot be made here: " + e.getMessage());
            } catch (ConversionException e) {
                throw new ParityInputException("variant '" + v.name() + "': " + e.getMessage(), e);
            }
        }
        return new Result(artifacts, made, unavailable);
    }

    private MadeVariant makeOne(ResolvedSpec.Variant v, Path source) throws RunnerUnavailableException {
        Conversion c = v.conversion();
        String sourceSha = Hashing.sha256(source);
        String calibrationSha = null;
        if (c.int8() != null) {
            calibrationSha = calibration().sha256();
            requireNotEvalSet(v, c);
        }
        Map<String, Object> settings = settings(c);
        String key = Hashing.sha256(String.join("|", c.kind(), sourceSha, String.valueOf(calibrationSha),
                json(settings), ToolVersion.get())).substring(0, 16);
        String ext = c.engine() != null ? ".plan" : ".onnx";
        Path target = cacheDir.resolve(v.name() + "-" + key + ext);
        if (Files.isRegularFile(target)) {
            Map<String, Object> cachedReport = c.engine() != null ? Map.of() : cachedReport(target, key);
            if (cachedReport != null) {
                progress.accept("reusing " + v.name() + " (" + target.getFileName() + ")");
                return new MadeVariant(v.from(), c.kind(), target.toString(), true, sourceSha, calibrationSha,
                        settings, cachedReport);
            }
        }
        progress.accept("making " + v.name() + " from " + v.from() + " (" + c.kind() + ")");
        Map<String, Object> report;
        if (c.engine() != null) {
            TensorRtEngineBuilder.Report r = TensorRtEngineBuilder.build(source, target,
                    new TensorRtEngineBuilder.Settings(c.engine().int8(), c.engine().fp16(), c.engine().workspaceMb(),
                            spec.contract().inputName(), spec.contract().inputSampleShape(), spec.batchSize(),
                            cacheDir.resolve("tensorrt-timing.cache")));
            report = Json.MAPPER.convertValue(r, Map.class);
        } else {
            ModelProto model = OnnxModels.read(source);
            ModelProto result;
            if (c.fp16() != null) {
                Fp16Converter.Result r = Fp16Converter.convert(model, c.fp16(), source.toString());
                result = r.model();
                report = Json.MAPPER.convertValue(r.report(), Map.class);
            } else {
                QdqQuantizer.Result r = QdqQuantizer.quantize(model, c.int8(), calibration(), source.toString());
                result = r.model();
                report = Json.MAPPER.convertValue(r.report(), Map.class);
                if (!r.report().degenerate().isEmpty()) {
                    progress.accept("warning: " + v.name() + ": degenerate calibration ranges (empty or constant) for "
                            + r.report().degenerate());
                }
            }
            Map<String, String> meta = new TreeMap<>();
            meta.put("parity.made_by", "parity " + ToolVersion.get() + " " + c.kind());
            meta.put("parity.cache_key", key);
            meta.put("parity.source_sha256", sourceSha);
            if (calibrationSha != null) meta.put("parity.calibration_sha256", calibrationSha);
            meta.put("parity.settings", json(settings));
            meta.put("parity.report", json(report));
            OnnxModels.write(Graphs.withMetadata(result, meta), target);
        }
        return new MadeVariant(v.from(), c.kind(), target.toString(), false, sourceSha, calibrationSha, settings,
                asJsonMap(json(report)));
    }

    private NpyCalibration calibration() {
        if (calibration == null) {
            calibration = new NpyCalibration(spec.calibration(), spec.preprocessing(), spec.batchSize());
        }
        return calibration;
    }

    /** Refused when at least this share of the calibration samples are evaluation samples. */
    static final double MAX_OVERLAP = 0.1;

    /**
     * Calibrating on the data you then evaluate on flatters INT8: its ranges fit exactly the samples judged. The
     * calibration file is compared with the evaluation set by content (see {@link CalibrationOverlap}) once per run.
     */
    private void requireNotEvalSet(ResolvedSpec.Variant v, Conversion c) {
        if (c.forceEvalCalibration()) return;
        if (overlap == null) overlap = CalibrationOverlap.count(spec);
        long total = calibration().samples();
        if (overlap == 0) return;
        String share = overlap + " of the " + total + " calibration samples (" + dev.parity.harness.results.Format
                .num(100.0 * overlap / total) + "%) are samples of the evaluation set " + spec.inputs();
        if (overlap < MAX_OVERLAP * total) {
            progress.accept("warning: " + v.name() + ": " + share);
            return;
        }
        throw new ParityInputException("variant '" + v.name() + "': dataset.calibration " + spec.calibration() + ": "
                + share + "; INT8 ranges fitted to the very samples being judged make the variant look better than it "
                + "will be in production. Use samples from the training split, or set "
                + "convert.force_eval_calibration: true to do it anyway");
    }

    /**
     * The converter's report stored in a cached model, or null when the file cannot be trusted: unreadable,
     * truncated, or made under another key. Such a file is made again.
     */
    private static Map<String, Object> cachedReport(Path file, String key) {
        Map<String, String> meta = new HashMap<>();
        try {
            for (StringStringEntryProto e : OnnxModels.read(file).getMetadataPropsList()) {
                meta.put(e.getKey(), e.getValue());
            }
            if (!key.equals(meta.get("parity.cache_key")) || !meta.containsKey("parity.report")) return null;
            return asJsonMap(meta.get("parity.report"));
        } catch (ConversionException | IllegalStateException e) {
            return null;
        }
    }

    /** Reports go through JSON both when made and when read back from the cache, so both look the same. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asJsonMap(String json) {
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable report: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> settings(Conversion c) {
        Map<String, Object> s = new TreeMap<>();
        if (c.fp16() != null) {
            Fp16Settings f = c.fp16();
            s.put("keep_io_types", f.keepIoTypes());
            s.put("block_ops", new java.util.TreeSet<>(f.blockOps()));
            s.put("block_nodes", new java.util.TreeSet<>(f.blockNodes()));
        } else if (c.int8() != null) {
            QuantSettings q = c.int8();
            s.put("target", q.target().label());
            s.put("calibration", q.method().label());
            if (q.method() == QuantSettings.Method.PERCENTILE) s.put("percentile", q.percentile());
            s.put("exclude_ops", new java.util.TreeSet<>(q.excludeOps()));
            s.put("exclude_nodes", new java.util.TreeSet<>(q.excludeNodes()));
            s.put("weights", "int8 symmetric per-channel");
            s.put("activations", q.target() == QuantSettings.Target.TENSORRT ? "int8 symmetric per-tensor"
                    : "uint8 asymmetric per-tensor");
            s.put("force_eval_calibration", c.forceEvalCalibration());
        } else {
            s.put("int8", c.engine().int8());
            s.put("fp16", c.engine().fp16());
            s.put("workspace_mb", c.engine().workspaceMb());
        }
        return s;
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
