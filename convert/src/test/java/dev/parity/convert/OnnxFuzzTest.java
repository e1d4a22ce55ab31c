package dev.parity.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX parsing and the FP16 converter on arbitrary bytes: a model or a ConversionException, nothing else.
 * Seeds in OnnxFuzzTestInputs/; {@code JAZZER_FUZZ=1 mvn test -pl convert -Dtest=OnnxFuzzTest} fuzzes.
 */
class OnnxFuzzTest {
    private static final Path FILE = tempFile();

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("parity-fuzz", ".onnx");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void readsAndConvertsOrRefuses(byte[] data) throws IOException {
        Files.write(FILE, data);
        try {
            var model = OnnxModels.read(FILE);
            ElementTypes.infer(model.getGraph());
            Fp16Converter.convert(model, Fp16Settings.defaults(true, List.of(), List.of()), FILE.toString());
        } catch (ConversionException expected) {
            // a clear refusal is a correct answer
        }
    }
}
