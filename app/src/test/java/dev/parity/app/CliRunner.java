package dev.parity.app;

import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;

/** Runs the CLI in-process and keeps what it printed; makes the small random datasets CLI tests score. */
final class CliRunner {
    String stdout = "";
    String stderr = "";

    int run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
        stdout = o.toString();
        stderr = e.toString();
        return code;
    }

    /** x.npy: random 28x28 uint8 images; y.npy: every third sample positive. */
    static void tinyDataset(Path dir, int samples, long seed) throws IOException {
        byte[] images = new byte[samples * 28 * 28];
        new Random(seed).nextBytes(images);
        TestFiles.uint8(dir.resolve("x.npy"), new long[] {samples, 28, 28}, images);
        byte[] labels = new byte[samples];
        for (int i = 0; i < samples; i++) labels[i] = (byte) (i % 3 == 0 ? 1 : 0);
        TestFiles.uint8(dir.resolve("y.npy"), new long[] {samples}, labels);
    }
}
