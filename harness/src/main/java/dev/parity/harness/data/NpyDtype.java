package dev.parity.harness.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The NPY element types Parity reads, from their numpy descr strings (e.g. "|u1", "<f4"). */
public enum NpyDtype {
    UINT8(1), INT8(1), BOOL(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), FLOAT32(4), FLOAT64(8);

    public final int size;

    NpyDtype(int size) {
        this.size = size;
    }

    /** @return null for a descr Parity does not read (the caller names it in its error) */
    static NpyDtype fromDescr(String descr) {
        if (descr.length() < 3) return null;
        char order = descr.charAt(0);
        String kind = descr.substring(1);
        // Multi-byte types must be little-endian ('<'); single bytes are '|'. Big-endian data is rare enough
        // that we refuse it with a clear message rather than guess.
        boolean single = kind.endsWith("1");
        if (single ? order != '|' && order != '<' && order != '>' : order != '<') return null;
        return switch (kind) {
            case "u1" -> UINT8;
            case "i1" -> INT8;
            case "b1" -> BOOL;
            case "i2" -> INT16;
            case "u2" -> UINT16;
            case "i4" -> INT32;
            case "u4" -> UINT32;
            case "i8" -> INT64;
            case "f4" -> FLOAT32;
            case "f8" -> FLOAT64;
            default -> null;
        };
    }

    /** Reads element i of a little-endian buffer as a double (exact for every type but int64 beyond 2^53). */
    double get(ByteBuffer buf, int i) {
        return switch (this) {
            case UINT8, BOOL -> buf.get(i) & 0xFF;
            case INT8 -> buf.get(i);
            case INT16 -> buf.getShort(i * 2);
            case UINT16 -> buf.getShort(i * 2) & 0xFFFF;
            case INT32 -> buf.getInt(i * 4);
            case UINT32 -> buf.getInt(i * 4) & 0xFFFFFFFFL;
            case INT64 -> buf.getLong(i * 8);
            case FLOAT32 -> buf.getFloat(i * 4);
            case FLOAT64 -> buf.getDouble(i * 8);
        };
    }

    /**
     * Converts elements [0, count) of a little-endian buffer to float32 in bulk, each exactly as
     * {@code (float) get(buf, i)} would (a float32 file is copied as it is), so the loop stays type-specialised.
     */
    void toFloats(ByteBuffer buf, float[] out, int count) {
        switch (this) {
            case FLOAT32 -> buf.asFloatBuffer().get(out, 0, count);
            case UINT8, BOOL -> {
                for (int i = 0; i < count; i++) out[i] = buf.get(i) & 0xFF;
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) out[i] = buf.get(i);
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) out[i] = buf.getShort(i * 2);
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) out[i] = buf.getShort(i * 2) & 0xFFFF;
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) out[i] = (float) buf.getDouble(i * 8);
            }
            // int32 and wider go through double, as get() does, so the rounding to float is the same
            default -> {
                for (int i = 0; i < count; i++) out[i] = (float) get(buf, i);
            }
        }
    }

    /** Reads element i as a long, for labels; floats must hold whole numbers (checked by the caller). */
    long getLong(ByteBuffer buf, int i) {
        return this == INT64 ? buf.getLong(i * 8) : (long) get(buf, i);
    }

    static ByteBuffer order(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }
}
