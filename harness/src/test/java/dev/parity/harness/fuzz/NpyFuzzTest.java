package dev.parity.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.data.Labels;
import dev.parity.harness.data.NpyFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The NPY reader on arbitrary bytes: it either reads every row or refuses with a ParityInputException, in bounded
 * time and memory; any other exception is a finding. Normal test runs replay the seeds in
 * NpyFuzzTestInputs/; {@code JAZZER_FUZZ=1 mvn test -pl harness -Dtest=NpyFuzzTest} fuzzes for 30 s
 * (run it repeatedly for longer: the corpus in .cifuzz-corpus/ carries over).
 */
class NpyFuzzTest {
    private static final Path FILE = tempFile();

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("parity-fuzz", ".npy");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void readsOrRefuses(byte[] data) throws IOException {
        Files.write(FILE, data);
        try (NpyFile npy = NpyFile.open(FILE)) {
            long rows = npy.rows();
            ByteBuffer reuse = null;
            int step = (int) Math.max(1, Math.min(64, rows));
            for (long r = 0; r < rows; r += step) {
                int n = (int) Math.min(step, rows - r);
                reuse = npy.readRows(r, n, reuse);
                for (long i = 0; i < n * npy.rowElements(); i++) npy.get(reuse, (int) i);
            }
        } catch (ParityInputException expected) {
            // a clear refusal is a correct answer
        }
        try {
            Labels.load(FILE, Math.max(0, data.length % 7), null);
        } catch (ParityInputException expected) {
            // likewise
        }
    }
}
