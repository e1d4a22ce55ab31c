package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standalone `parity bench` into an evaluation's folder decides again with its figures and re-renders. */
class BenchUpdatesRunTest {
    @TempDir
    Path dir;
    String stdout;
    String stderr;

    private int cli(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = ParityCli.execute(new PrintWriter(o, true), new PrintWriter(e, true),
                dev.parity.runners.factory.Runners::open, args);
        stdout = o.toString();
        stderr = e.toString();
        return code;
    }

    /** A minimal NPY v1.0 file of uint8. */
    private static void npy(Path file, long[] shape, byte[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        StringBuilder header = new StringBuilder("{'descr': '|u1', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII)).put(data);
        Files.write(file, b.array());
    }

    @Test
    void benchFiguresReachTheRecommendationAndTheReports() throws IOException {
        byte[] images = new byte[40 * 28 * 28];
        new Random(7).nextBytes(images);
        npy(dir.resolve("x.npy"), new long[] {40, 28, 28}, images);
        byte[] labels = new byte[40];
        for (int i = 0; i < 40; i++) labels[i] = (byte) (i % 3 == 0 ? 1 : 0);
        npy(dir.resolve("y.npy"), new long[] {40}, labels);
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                name: tiny
                dataset:
                  inputs: x.npy
                  labels: y.npy
                  preprocessing: {divide_by: 255, mean: [0.286], std: [0.353], shape: [1, 28, 28]}
                model: {input: image, output: logit}
                target_precision: 0.3
                batch_size: 8
                gates: {min_agreement: 0.8, min_agreement_recalibrated: 0.8, max_precision_drop: 0.5, max_recall_drop: 0.5}
                reference: ref
                variants:
                  - {name: ref, runtime: onnxruntime, artifact: '%s'}
                """.formatted(dev.parity.harness.TestFiles.demoDir().resolve("model.onnx")));
        Path run = dir.resolve("run");
        assertEquals(0, cli("eval", spec.toString(), "--out", run.toString(), "-q", "--cache", dir.resolve("c").toString()),
                stderr);
        ObjectMapper json = new ObjectMapper();
        assertEquals("speed probe", json.readTree(run.resolve("summary.json").toFile())
                .at("/decision/recommendation/figure_source").asText());
        assertEquals(0, cli("bench", spec.toString(), "--out", run.toString(), "--forks", "0", "--warmup", "0",
                "--iterations", "1", "--iteration-ms", "50", "--batch-sizes", "8", "-q",
                "--cache", dir.resolve("c").toString()), stderr);
        assertTrue(stdout.contains("updated " + run), stdout);
        JsonNode after = json.readTree(run.resolve("summary.json").toFile());
        assertEquals("parity bench", after.at("/decision/recommendation/figure_source").asText());
        assertTrue(Files.readString(run.resolve("report.html")).contains("parity bench"));
        // the run folder stays Parity's own after bench.json joined it: a rerun of eval may replace it
        assertEquals(0, cli("eval", spec.toString(), "--out", run.toString(), "-q", "--cache", dir.resolve("c").toString()),
                stderr);

        // bench --out on somebody's folder: refused before benchmarking, nothing touched
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        assertEquals(2, cli("bench", spec.toString(), "--out", mine.toString(), "--forks", "0", "--warmup", "0",
                "--iterations", "1", "--iteration-ms", "50", "--batch-sizes", "8", "-q",
                "--cache", dir.resolve("c").toString()), stderr);
        assertTrue(stderr.contains("'notes.txt'") && stderr.contains("Nothing was touched"), stderr);
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
        assertFalse(Files.exists(mine.resolve("bench.json")));
    }
}
