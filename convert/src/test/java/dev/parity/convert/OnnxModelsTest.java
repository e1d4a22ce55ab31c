package dev.parity.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelsTest {
    @TempDir
    Path dir;

    private String error(Path p) {
        return assertThrows(ConversionException.class, () -> OnnxModels.read(p)).getMessage();
    }

    @Test
    void nonOnnxTruncatedAndMissingFiles() throws IOException {
        assertTrue(error(Files.writeString(dir.resolve("a.onnx"), "hello world")).contains("not an ONNX model"));
        byte[] model = Files.readAllBytes(TestGraphs.demo("model.onnx"));
        String truncated = error(Files.write(dir.resolve("t.onnx"), Arrays.copyOf(model, model.length - 1000)));
        assertTrue(truncated.contains("t.onnx") && truncated.contains("not an ONNX model"), truncated);
        assertTrue(error(dir.resolve("none.onnx")).contains("model file not found"));
    }

    @Test
    void writeIsAtomicAndRoundTrips() throws IOException {
        ModelProto m = OnnxModels.read(TestGraphs.demo("model.onnx"));
        Path out = dir.resolve("copy.onnx");
        OnnxModels.write(Graphs.withMetadata(m, Map.of("parity.test", "1")), out);
        ModelProto back = OnnxModels.read(out);
        assertEquals(m.getGraph(), back.getGraph());
        assertEquals("1", back.getMetadataProps(back.getMetadataPropsCount() - 1).getValue());
        try (var files = Files.list(dir)) {
            assertEquals(Set.of(out), Set.copyOf(files.toList()), "no temporary file left");
        }
    }

    @Test
    void int8ConverterNamesAnOpsetItDoesNotHandle() {
        ModelProto m = OnnxModels.read(TestGraphs.demo("model.onnx"));
        ModelProto old = m.toBuilder().setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(11)).build();
        ConversionException e = assertThrows(ConversionException.class, () -> QdqQuantizer.quantize(old,
                new QuantSettings(QuantSettings.Target.TENSORRT, QuantSettings.Method.MINMAX, 99.99, Set.of(), Set.of()),
                new DemoCalibration(10, 10), "old.onnx"));
        assertTrue(e.getMessage().contains("opset 11 is not handled by the INT8 QDQ converter"), e.getMessage());
    }
}
