package dev.parity.convert;

import dev.parity.runners.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Iterator;

/** The demo's calibration images (uint8 NPY, 1000x28x28), preprocessed like the eval spec says. */
final class DemoCalibration implements CalibrationData {
    private final byte[] pixels;
    private final int samples;
    private final int batch;

    DemoCalibration(int batch) {
        this(batch, Integer.MAX_VALUE);
    }

    DemoCalibration(int batch, int limit) {
        try {
            byte[] file = Files.readAllBytes(TestGraphs.demo("calib_images.npy"));
            int headerLen = ByteBuffer.wrap(file, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
            int offset = 10 + headerLen;
            this.samples = Math.min(limit, (file.length - offset) / 784);
            this.pixels = java.util.Arrays.copyOfRange(file, offset, offset + samples * 784);
            this.batch = batch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Iterator<Batch> batches() {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < samples;
            }

            @Override
            public Batch next() {
                int n = Math.min(batch, samples - next);
                float[] data = new float[n * 784];
                for (int i = 0; i < data.length; i++) {
                    data[i] = ((pixels[next * 784 + i] & 0xFF) / 255f - 0.286f) / 0.353f;
                }
                Batch b = new Batch(next, n, new long[] {1, 28, 28}, data);
                next += n;
                return b;
            }
        };
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public String sha256() {
        return "demo-calibration";
    }
}
