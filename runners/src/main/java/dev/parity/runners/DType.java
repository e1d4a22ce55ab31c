package dev.parity.runners;

import ai.onnxruntime.OnnxJavaType;
import java.util.Arrays;
import java.util.Locale;

/**
 * Element types of model inputs and outputs, with every name they go by in one place: Parity's own (ONNX's
 * spelling in lower case, also the spec's), ONNX's TensorProto element type number, ONNX Runtime's Java type, the
 * KServe v2 protocol's datatype and Triton's model configuration type. A runtime or protocol maps types through
 * these, never by a switch of its own.
 */
public enum DType {
    FLOAT32(1, OnnxJavaType.FLOAT, "FP32", "TYPE_FP32", "float", "fp32"),
    FLOAT16(10, OnnxJavaType.FLOAT16, "FP16", "TYPE_FP16", "half", "fp16"),
    BFLOAT16(16, OnnxJavaType.BFLOAT16, "BF16", "TYPE_BF16", "bf16"),
    FLOAT64(11, OnnxJavaType.DOUBLE, "FP64", "TYPE_FP64", "double", "fp64"),
    INT8(3, OnnxJavaType.INT8, "INT8", "TYPE_INT8"),
    UINT8(2, OnnxJavaType.UINT8, "UINT8", "TYPE_UINT8"),
    INT16(5, OnnxJavaType.INT16, "INT16", "TYPE_INT16"),
    UINT16(4, null, "UINT16", "TYPE_UINT16"),
    INT32(6, OnnxJavaType.INT32, "INT32", "TYPE_INT32"),
    UINT32(12, null, "UINT32", "TYPE_UINT32"),
    INT64(7, OnnxJavaType.INT64, "INT64", "TYPE_INT64"),
    UINT64(13, null, "UINT64", "TYPE_UINT64"),
    BOOL(9, OnnxJavaType.BOOL, "BOOL", "TYPE_BOOL"),
    // KServe calls strings BYTES; Triton's configuration calls them TYPE_STRING
    STRING(8, OnnxJavaType.STRING, "BYTES", "TYPE_STRING"),
    /** Anything else (a sequence, a map, a type no protocol here names). */
    OTHER(0, null, null, null);

    private final int onnx;
    private final OnnxJavaType ort;
    private final String kserve;
    private final String triton;
    private final String[] aliases;

    DType(int onnx, OnnxJavaType ort, String kserve, String triton, String... aliases) {
        this.onnx = onnx;
        this.ort = ort;
        this.kserve = kserve;
        this.triton = triton;
        this.aliases = aliases;
    }

    /** Parity's name: ONNX's spelling in lower case ("float32", "uint8"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** ONNX's TensorProto.DataType number (1 = FLOAT, 10 = FLOAT16, ...); 0 for OTHER. */
    public int onnxElementType() {
        return onnx;
    }

    /** The KServe v2 protocol's datatype ("FP32"), or null when it has none. */
    public String kserveName() {
        return kserve;
    }

    /** Triton's model configuration data type ("TYPE_FP32"), or null when it has none. */
    public String tritonConfigType() {
        return triton;
    }

    /** Parses "float32", "float", "fp32" and the like; null when the name is not one Parity knows. */
    public static DType parse(String s) {
        String l = s.trim().toLowerCase(Locale.ROOT);
        for (DType t : values()) {
            if (t != OTHER && (t.label().equals(l) || Arrays.asList(t.aliases).contains(l))) return t;
        }
        return null;
    }

    /** The type of an ONNX element type number; OTHER when Parity has no name for it. */
    public static DType fromOnnx(int elementType) {
        for (DType t : values()) if (t.onnx == elementType && t != OTHER) return t;
        return OTHER;
    }

    /** The type of an ONNX Runtime Java type; OTHER for those Parity does not name. */
    public static DType fromOrt(OnnxJavaType type) {
        for (DType t : values()) if (t.ort == type && t != OTHER) return t;
        return OTHER;
    }

    /** The type of a KServe v2 datatype name; OTHER for unknown names. */
    public static DType fromKServe(String name) {
        for (DType t : values()) if (name.equals(t.kserve)) return t;
        return OTHER;
    }
}
