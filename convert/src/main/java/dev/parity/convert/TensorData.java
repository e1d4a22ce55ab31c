package dev.parity.convert;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads and builds ONNX tensors' data, whether stored in raw_data or in the typed fields. */
public final class TensorData {
    private TensorData() {
    }

    public static long elements(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) n *= d;
        return n;
    }

    public static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new ConversionException("tensor '" + t.getName() + "' is not float32 (data type " + t.getDataType() + ")");
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new ConversionException("tensor '" + t.getName() + "' keeps its data in an external file; "
                    + "save the model with its weights inside");
        }
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) out[i] = t.getFloatData(i);
        return out;
    }

    public static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(com.google.protobuf.ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    public static TensorProto int8Tensor(String name, long[] dims, byte[] values) {
        return byteTensor(name, dims, values, TensorProto.DataType.INT8_VALUE);
    }

    public static TensorProto uint8Tensor(String name, long[] dims, byte[] values) {
        return byteTensor(name, dims, values, TensorProto.DataType.UINT8_VALUE);
    }

    private static TensorProto byteTensor(String name, long[] dims, byte[] values, int dataType) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType)
                .setRawData(com.google.protobuf.ByteString.copyFrom(values));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    public static TensorProto int32Tensor(String name, long[] dims, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT32_VALUE)
                .setRawData(com.google.protobuf.ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }
}
