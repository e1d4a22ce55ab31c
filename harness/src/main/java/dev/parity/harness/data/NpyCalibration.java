package dev.parity.harness.data;

import dev.parity.convert.CalibrationData;
import dev.parity.harness.results.Hashing;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Calibration samples from an NPY file, preprocessed exactly like the evaluation inputs and streamed in batches.
 * Each pass opens the file anew, so nothing but one batch is held in memory.
 */
public final class NpyCalibration implements CalibrationData {
    private final Path file;
    private final ResolvedSpec.Preprocessing pre;
    private final int batchSize;
    private final long samples;
    private final String sha256;

    public NpyCalibration(Path file, ResolvedSpec.Preprocessing pre, int batchSize) {
        this.file = file;
        this.pre = pre;
        this.batchSize = batchSize;
        try (NpyFile npy = NpyFile.open(file)) {
            new BatchStream(npy, pre, batchSize); // checks the sample shape against the preprocessing now
            this.samples = npy.rows();
        }
        // The preprocessing is part of what the calibration saw, so it is part of the hash.
        this.sha256 = Hashing.sha256(Hashing.sha256(file) + "|" + pre.fingerprint());
    }

    @Override
    public Iterator<Batch> batches() {
        NpyFile npy = NpyFile.open(file);
        BatchStream stream = new BatchStream(npy, pre, batchSize);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = stream.hasNext();
                if (!more) npy.close();
                return more;
            }

            @Override
            public Batch next() {
                if (!stream.hasNext()) throw new NoSuchElementException();
                return stream.next();
            }
        };
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public String sha256() {
        return sha256;
    }
}
