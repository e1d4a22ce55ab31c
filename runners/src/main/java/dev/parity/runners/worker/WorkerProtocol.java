package dev.parity.runners.worker;

import dev.parity.runners.Batch;
import dev.parity.runners.DType;
import dev.parity.runners.Device;
import dev.parity.runners.ModelContract;
import dev.parity.runners.ModelSignature;
import dev.parity.runners.Outputs;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.TensorSpec;
import dev.parity.runners.factory.RunnerSettings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The framed protocol between Parity and a worker process, over a Unix domain socket (not the worker's stdout, which
 * native libraries may print to): a request is an op code and its fields; a reply is a status byte and either the
 * result or a message. Both sides are this class, so the two cannot drift apart.
 */
final class WorkerProtocol {
    static final int OPEN = 1, RUN = 2, SELF_CHECK = 3, CLOSE = 4, TIME = 5;
    /** Reply status: the result follows; else a message follows, its kind saying which exception it was. */
    static final int OK = 0, UNAVAILABLE = 1, INVALID_MODEL = 2, FAILURE = 3;

    private WorkerProtocol() {
    }

    static void writeSettings(DataOutputStream out, RunnerSettings s) throws IOException {
        out.writeUTF(s.name());
        out.writeUTF(s.runtime().label());
        out.writeUTF(s.artifact().toString());
        out.writeUTF(s.device().toString());
        out.writeInt(s.threads());
        ModelContract c = s.contract();
        out.writeUTF(c.inputName());
        out.writeUTF(c.inputType().name());
        writeLongs(out, c.inputSampleShape());
        out.writeUTF(c.outputName());
        out.writeUTF(c.outputType().name());
    }

    static RunnerSettings readSettings(DataInputStream in) throws IOException {
        String name = in.readUTF();
        RuntimeKind runtime = RuntimeKind.parse(in.readUTF());
        Path artifact = Path.of(in.readUTF());
        Device device = Device.parse(in.readUTF());
        int threads = in.readInt();
        ModelContract c = new ModelContract(in.readUTF(), DType.valueOf(in.readUTF()), readLongs(in), in.readUTF(),
                DType.valueOf(in.readUTF()));
        return new RunnerSettings(name, runtime, artifact, device, threads, c);
    }

    static void writeSignature(DataOutputStream out, ModelSignature s) throws IOException {
        out.writeBoolean(s.declared());
        writeSpecs(out, s.inputs());
        writeSpecs(out, s.outputs());
    }

    static ModelSignature readSignature(DataInputStream in) throws IOException {
        boolean declared = in.readBoolean();
        return new ModelSignature(readSpecs(in), readSpecs(in), declared);
    }

    private static void writeSpecs(DataOutputStream out, List<TensorSpec> specs) throws IOException {
        out.writeInt(specs.size());
        for (TensorSpec t : specs) {
            out.writeUTF(t.name());
            out.writeUTF(t.dtype().name());
            writeLongs(out, t.shape());
        }
    }

    private static List<TensorSpec> readSpecs(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<TensorSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) specs.add(new TensorSpec(in.readUTF(), DType.valueOf(in.readUTF()), readLongs(in)));
        return specs;
    }

    static void writeBatch(DataOutputStream out, Batch b) throws IOException {
        out.writeLong(b.firstIndex());
        out.writeInt(b.size());
        writeLongs(out, b.sampleShape());
        writeFloats(out, b.data());
    }

    static Batch readBatch(DataInputStream in) throws IOException {
        return new Batch(in.readLong(), in.readInt(), readLongs(in), readFloats(in));
    }

    static void writeOutputs(DataOutputStream out, Outputs o) throws IOException {
        out.writeUTF(o.name());
        writeLongs(out, o.shape());
        writeFloats(out, o.data());
    }

    static Outputs readOutputs(DataInputStream in) throws IOException {
        return new Outputs(in.readUTF(), readLongs(in), readFloats(in));
    }

    /** Text of any length (writeUTF stops at 64 KB): messages and JSON. */
    static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /**
     * Reads a reply's status byte and, unless it is OK, the message after it, and throws what the runner threw in
     * the worker: InvalidModelException (bad input, exit 2) or RunnerFailureException. UNAVAILABLE is the caller's
     * to handle (only an OPEN can answer it), so it is returned with its message.
     *
     * @return null when the reply is OK; the message of an UNAVAILABLE reply
     */
    static String readStatus(DataInputStream in) throws IOException {
        int status = in.readUnsignedByte();
        if (status == OK) return null;
        String message = readText(in);
        if (status == UNAVAILABLE) return message;
        if (status == INVALID_MODEL) throw new dev.parity.runners.InvalidModelException(message);
        throw new dev.parity.runners.RunnerFailureException(message, null);
    }

    static String readText(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) out.writeLong(v);
    }

    static long[] readLongs(DataInputStream in) throws IOException {
        long[] v = new long[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readLong();
        return v;
    }

    static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) out.writeDouble(v);
    }

    static double[] readDoubles(DataInputStream in) throws IOException {
        double[] v = new double[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = in.readDouble();
        return v;
    }

    /** Floats as one little-endian block: a batch of images is megabytes, written in one call, not per value. */
    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
    }

    static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] raw = new byte[n * 4];
        in.readFully(raw);
        float[] v = new float[n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
