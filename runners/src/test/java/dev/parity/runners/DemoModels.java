package dev.parity.runners;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped demo's models, found by walking up from the module's working directory. */
final class DemoModels {
    static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);

    private DemoModels() {
    }

    static Path file(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("datasets/fashion-mnist-coat").resolve(name);
            if (Files.isRegularFile(f)) return f;
            p = p.getParent();
        }
        throw new IllegalStateException("demo file " + name + " not found");
    }

    /** A deterministic batch of n samples with values in the range preprocessing produces. */
    static Batch batch(int n) {
        float[] data = new float[n * 28 * 28];
        for (int i = 0; i < data.length; i++) data[i] = ((i * 7919) % 255) / 255f * 3f - 0.8f;
        return new Batch(0, n, new long[] {1, 28, 28}, data);
    }
}
