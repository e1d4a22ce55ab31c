package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.convert.ConversionException;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.RunFailedException;
import dev.parity.harness.results.RunFileException;
import dev.parity.runners.InvalidModelException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Each error's exit status travels with it (ParityException.Status); whatever else escapes is a bug, exit 3. */
class ExitCodeTest {
    @Test
    void eachErrorCarriesItsExitStatus() {
        assertEquals(2, ParityCli.exitCode(new ParityInputException("spec.yaml: bad key")));
        assertEquals(2, ParityCli.exitCode(new InvalidModelException("m.onnx: not a model")));
        assertEquals(2, ParityCli.exitCode(new ConversionException("m.onnx: opset 3")));
        assertEquals(2, ParityCli.exitCode(new RunFileException("summary.json: not JSON", null)));
        assertEquals(1, ParityCli.exitCode(new RunFailedException("the reference failed")));
        assertEquals(2, ParityCli.exitCode(new UncheckedIOException("out: read-only", new java.io.IOException())));
        assertEquals(2, ParityCli.exitCode(new java.nio.file.AccessDeniedException("out")));
        assertEquals(3, ParityCli.exitCode(new IllegalStateException("a bug")));
        assertEquals(3, ParityCli.exitCode(new NullPointerException()));
    }
}
