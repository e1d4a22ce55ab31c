package dev.parity.runners;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped demo's models, found by walking up from the module's working directory. */
public final class DemoModels {
    public static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);

    private DemoModels() {
    }

    public static Path file(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("datasets/fashion-mnist-coat").resolve(name);
            if (Files.isRegularFile(f)) return f;
            p = p.getParent();
        }
        throw new IllegalStateException("demo file " + name + " not found");
    }

    /**
     * Where tests keep self-check verdicts: one folder for the whole build, so the check (seconds per runtime and
     * mode) runs once per machine and build, as it does for users.
     */
    public static Path cacheDir() {
        return file("model.onnx").getParent().getParent().getParent().resolve("runners/target/parity-cache");
    }

    /** A deterministic batch of n samples with values in the range preprocessing produces. */
    public static Batch batch(int n) {
        float[] data = new float[n * 28 * 28];
        for (int i = 0; i < data.length; i++) data[i] = ((i * 7919) % 255) / 255f * 3f - 0.8f;
        return new Batch(0, n, new long[] {1, 28, 28}, data);
    }
}
