package dev.parity.runners;

import java.util.Locale;

/** Element types Parity feeds to and reads from models. Names follow ONNX's spelling in lower case. */
public enum DType {
    FLOAT32, FLOAT16, FLOAT64, INT8, UINT8, INT32, INT64, BOOL, OTHER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "float32", "float", "fp32" and the like; null when the name is not one Parity knows. */
    public static DType parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "float32", "float", "fp32" -> FLOAT32;
            case "float16", "half", "fp16" -> FLOAT16;
            case "float64", "double", "fp64" -> FLOAT64;
            case "int8" -> INT8;
            case "uint8" -> UINT8;
            case "int32" -> INT32;
            case "int64" -> INT64;
            case "bool" -> BOOL;
            default -> null;
        };
    }
}
