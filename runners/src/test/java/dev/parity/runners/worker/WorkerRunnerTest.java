package dev.parity.runners.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.runners.Batch;
import dev.parity.runners.DemoModels;
import dev.parity.runners.Device;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.OnnxRuntimeRunner;
import dev.parity.runners.Runner;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner in a worker process gives what the runtime gives in this process, and its crash is one variant's. */
class WorkerRunnerTest {
    private static RunnerSettings onnx(Path model) {
        return new RunnerSettings("onnx", RuntimeKind.ONNXRUNTIME, model, Device.CPU, 1, DemoModels.CONTRACT);
    }

    @Test
    void scoresAreBitIdenticalToTheSameRuntimeInThisProcess() throws Exception {
        Batch batch = DemoModels.batch(37);
        float[] here;
        try (Runner r = OnnxRuntimeRunner.open("onnx", DemoModels.file("model.onnx"), Device.CPU, 1,
                DemoModels.CONTRACT)) {
            here = r.run(batch).data();
        }
        Runner w = WorkerRunner.open(onnx(DemoModels.file("model.onnx")), HostMode.DEFAULT, false);
        try (w) {
            assertArrayEquals(here, w.run(batch).data());
            assertArrayEquals(here, w.run(batch).data(), "the same again: a worker keeps no state between batches");
            assertTrue(w.lastInferenceNanos() > 0, "the worker reports the runtime's own time");
            double[] figures = w.timeRepetitions(List.of(batch), false, 60, 3, 0.25);
            assertTrue(figures.length == 3 && figures[0] > 0, "timed inside the worker");
        }
        assertTrue(w.peakRssBytes() > 10_000_000, "its own peak memory: " + w.peakRssBytes());
        w.close(); // a second close does nothing
    }

    @Test
    void aWorkerKilledWithSigsegvMidRunFailsThatRunnerNamingTheSignal() throws Exception {
        try (WorkerRunner w = WorkerRunner.open(onnx(DemoModels.file("model.onnx")), HostMode.DEFAULT, false)) {
            w.run(DemoModels.batch(4));
            new ProcessBuilder("kill", "-SEGV", Long.toString(w.pid())).start().waitFor();
            RunnerFailureException e = assertThrows(RunnerFailureException.class, () -> {
                for (int i = 0; i < 100; i++) w.run(DemoModels.batch(4)); // the signal lands between two of these
            });
            assertTrue(e.getMessage().contains("SIGSEGV") && e.getMessage().contains("onnx"), e.getMessage());
            RunnerFailureException again = assertThrows(RunnerFailureException.class, () -> w.run(DemoModels.batch(4)));
            assertTrue(again.getMessage().contains("SIGSEGV"), "a dead worker stays dead: " + again.getMessage());
        }
    }

    @Test
    void aModelTheRuntimeRefusesIsTheSameErrorAsInThisProcess(@TempDir Path dir) throws Exception {
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.onnx"), "not a model");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> WorkerRunner.open(onnx(junk), HostMode.DEFAULT, false));
        assertTrue(e.getMessage().contains("junk.onnx"), e.getMessage());
    }
}
