package dev.parity.benchmarks;

import dev.parity.runners.Batch;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One batch through one variant's runner. The runner is opened once per trial; batches come from the real
 * dataset and are cycled. One operation = one batch, so samples/s = ops/s x batchSize.
 */
@State(Scope.Benchmark)
public class VariantBenchmark {
    @Param("")
    public String spec;

    @Param("onnx-fp32")
    public String variant;

    @Param("64")
    public int batchSize;

    /** Intra-op threads of the runtime; 0 lets it choose. */
    @Param("1")
    public int threads;

    @Param("")
    public String cache;

    private Runner runner;
    private Batch[] batches;
    private int next;

    @Setup(Level.Trial)
    public void open() throws Exception {
        BenchFixture fixture = new BenchFixture(Path.of(spec), Path.of(cache), batchSize);
        batches = fixture.batches.toArray(new Batch[0]);
        runner = fixture.open(variant, threads);
        // One untimed batch: TorchScript's profiling executor and ONNX Runtime's allocator do their first-call work.
        runner.run(batches[0]);
    }

    @Benchmark
    public Outputs batch() {
        Batch b = batches[next];
        next = next + 1 == batches.length ? 0 : next + 1;
        return runner.run(b);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (runner != null) runner.close();
    }
}
