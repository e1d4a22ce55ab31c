package dev.parity.harness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes NPY files and locates the shipped demo, for tests. */
public final class TestFiles {
    private TestFiles() {
    }

    /** The shipped demo folder, found by walking up from the module's working directory. */
    public static Path demoDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path d = p.resolve("datasets/fashion-mnist-coat");
            if (Files.isDirectory(d)) return d;
            p = p.getParent();
        }
        throw new IllegalStateException("datasets/fashion-mnist-coat not found above " + Path.of("").toAbsolutePath());
    }

    /** The first {@code n} demo test images and labels, as x.npy and y.npy in {@code dir}. */
    public static void demoSubset(Path dir, int n) throws IOException {
        try (dev.parity.harness.data.NpyFile images = dev.parity.harness.data.NpyFile.open(demoDir().resolve("test_images.npy"));
             dev.parity.harness.data.NpyFile labels = dev.parity.harness.data.NpyFile.open(demoDir().resolve("test_labels.npy"))) {
            ByteBuffer x = images.readRows(0, n, null);
            byte[] xb = new byte[x.remaining()];
            x.get(xb);
            uint8(dir.resolve("x.npy"), new long[] {n, 28, 28}, xb);
            ByteBuffer y = labels.readRows(0, n, null);
            byte[] yb = new byte[y.remaining()];
            y.get(yb);
            uint8(dir.resolve("y.npy"), new long[] {n}, yb);
        }
    }

    /** A model of harness/src/test/resources/models, from the harness or a module beside it (app's tests). */
    public static Path testModel(String name) {
        Path p = Path.of("src/test/resources/models", name).toAbsolutePath();
        if (!Files.isRegularFile(p)) p = Path.of("../harness/src/test/resources/models", name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) throw new IllegalStateException("missing test model " + p);
        return p;
    }

    /** Writes a version-1 NPY file with the given descr, shape and raw little-endian data. */
    public static Path npy(Path file, String descr, long[] shape, byte[] data) throws IOException {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        return npyWithHeader(file, dict, data);
    }

    public static Path npyWithHeader(Path file, String dict, byte[] data) throws IOException {
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buf.putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        buf.put(data);
        Files.write(file, buf.array());
        return file;
    }

    public static Path uint8(Path file, long[] shape, byte[] data) throws IOException {
        return npy(file, "|u1", shape, data);
    }

    public static Path float32(Path file, long[] shape, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return npy(file, "<f4", shape, b.array());
    }

    public static Path int64(Path file, long[] shape, long[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return npy(file, "<i8", shape, b.array());
    }

    /** The dataset and model blocks of a spec over {@link #demoSubset}: the demo's preprocessing and tensors. */
    static final String SUBSET_DATA_AND_MODEL = """
            dataset:
              inputs: x.npy
              labels: y.npy
              preprocessing: {divide_by: 255, mean: [0.2860], std: [0.3530], shape: [1, 28, 28]}
            model: {input: image, output: logit}
            """;

    /**
     * A spec over {@link #demoSubset} (x.npy, y.npy in {@code dir}) with the demo's PyTorch reference 'pytorch' and
     * its FP32 export 'onnx-fp32', at target precision 0.8; {@code moreVariants} are further lines of "variants:".
     */
    public static Path torchSpec(Path dir, String name, int batchSize, String moreVariants) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), "name: " + name + "\n" + SUBSET_DATA_AND_MODEL + """
                target_precision: 0.8
                batch_size: %d
                reference: pytorch
                variants:
                  - {name: pytorch, runtime: torchscript, artifact: '%s'}
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: '%s'}
                %s""".formatted(batchSize, demoDir().resolve("model.pt"), demoDir().resolve("model.onnx"),
                moreVariants));
    }

    /**
     * A spec over {@link #demoSubset} (x.npy, y.npy in {@code dir}) with the demo's preprocessing and model tensors,
     * ONNX FP32 as the reference; {@code rest} follows "variants:" (the FP32 line is given) and may add keys after.
     */
    public static Path subsetSpec(Path dir, String name, String gates, String moreVariants) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\n" + SUBSET_DATA_AND_MODEL + """
                reference: onnx-fp32
                %s
                variants:
                  - {name: onnx-fp32, runtime: onnxruntime, artifact: %s}
                %s""".formatted(gates, demoDir().resolve("model.onnx"), moreVariants));
    }
}
