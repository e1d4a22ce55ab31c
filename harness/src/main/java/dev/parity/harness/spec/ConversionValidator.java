package dev.parity.harness.spec;

import dev.parity.convert.ConversionException;
import dev.parity.convert.Fp16Settings;
import dev.parity.convert.QuantSettings;
import dev.parity.harness.ParityInputException;
import dev.parity.runners.RuntimeKind;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** Checks a variant's {@code convert:} block against its runtime and fills in defaults. */
final class ConversionValidator {
    static final double DEFAULT_PERCENTILE = 99.99;
    static final int DEFAULT_WORKSPACE_MB = 1024;

    private ConversionValidator() {
    }

    static Conversion resolve(EvalSpec.ConvertSpec c, RuntimeKind runtime, String key,
                              BiFunction<String, String, ParityInputException> error) {
        if (c.precision() == null) {
            throw error.apply(key + ".precision", "is required: fp16 or int8");
        }
        String precision = c.precision().toLowerCase(Locale.ROOT);
        if (!precision.equals("fp16") && !precision.equals("int8")) {
            throw error.apply(key + ".precision", "must be fp16 or int8, found '" + c.precision() + "'");
        }
        boolean force = Boolean.TRUE.equals(c.forceEvalCalibration());
        if (runtime == RuntimeKind.TENSORRT) {
            rejectAll(key, error, "to a TensorRT engine build (make the QDQ model in its own variant and build "
                    + "from that)", Map.of("keep_io_types", opt(c.keepIoTypes()), "block_ops", opt(c.blockOps()),
                    "block_nodes", opt(c.blockNodes()), "target", opt(c.target()), "calibration", opt(c.calibration()),
                    "percentile", opt(c.percentile()), "exclude_ops", opt(c.excludeOps()),
                    "exclude_nodes", opt(c.excludeNodes())));
            int workspace = c.workspaceMb() == null ? DEFAULT_WORKSPACE_MB : c.workspaceMb();
            if (workspace < 16) {
                throw error.apply(key + ".workspace_mb", "must be >= 16, found " + workspace);
            }
            return new Conversion(null, null, new Conversion.EngineSettings(precision.equals("int8"), true, workspace),
                    force);
        }
        if (runtime != RuntimeKind.ONNXRUNTIME) {
            throw error.apply(key, "is for variants run by " + RuntimeKind.ONNXRUNTIME + " or " + RuntimeKind.TENSORRT
                    + "; this one is " + runtime);
        }
        if (c.workspaceMb() != null) {
            throw error.apply(key + ".workspace_mb", "applies to TensorRT engine builds only");
        }
        if (precision.equals("fp16")) {
            rejectAll(key, error, "to fp16", Map.of("target", opt(c.target()), "calibration", opt(c.calibration()),
                    "percentile", opt(c.percentile()), "exclude_ops", opt(c.excludeOps()),
                    "exclude_nodes", opt(c.excludeNodes()), "force_eval_calibration", opt(c.forceEvalCalibration())));
            Fp16Settings s = Fp16Settings.defaults(c.keepIoTypes() == null || c.keepIoTypes(),
                    orEmpty(c.blockOps()), orEmpty(c.blockNodes()));
            return new Conversion(s, null, null, false);
        }
        rejectAll(key, error, "to int8", Map.of("keep_io_types", opt(c.keepIoTypes()), "block_ops", opt(c.blockOps()),
                "block_nodes", opt(c.blockNodes())));
        try {
            QuantSettings.Target target = c.target() == null ? QuantSettings.Target.ONNXRUNTIME_CPU
                    : QuantSettings.Target.parse(c.target());
            QuantSettings.Method method = c.calibration() == null ? QuantSettings.Method.PERCENTILE
                    : QuantSettings.Method.parse(c.calibration());
            double percentile = c.percentile() == null ? DEFAULT_PERCENTILE : c.percentile();
            if (c.percentile() != null && method != QuantSettings.Method.PERCENTILE) {
                throw error.apply(key + ".percentile", "applies to calibration: percentile only");
            }
            return new Conversion(null, new QuantSettings(target, method, percentile,
                    new HashSet<>(orEmpty(c.excludeOps())), new HashSet<>(orEmpty(c.excludeNodes()))), null, force);
        } catch (ConversionException e) {
            throw error.apply(key, e.getMessage());
        }
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static Optional<Object> opt(Object v) {
        return Optional.ofNullable(v);
    }

    /** Refuses the first key (in name order) that is set but does not apply here. */
    private static void rejectAll(String key, BiFunction<String, String, ParityInputException> error, String where,
                                  Map<String, Optional<Object>> keys) {
        for (Map.Entry<String, Optional<Object>> e : new TreeMap<>(keys).entrySet()) {
            if (e.getValue().isPresent()) {
                throw error.apply(key + "." + e.getKey(), "does not apply " + where);
            }
        }
    }
}
