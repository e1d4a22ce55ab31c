package dev.parity.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parity.harness.data.BatchStream;
import dev.parity.harness.data.DataSources;
import dev.parity.harness.data.SampleSource;
import dev.parity.harness.run.ScoreExtractor;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.runners.Batch;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import dev.parity.runners.RuntimeKind;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.factory.Runners;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Parity's own path against a bare ONNX Runtime loop, side by side on the same ONNX model and thread count:
 * {@code bare} runs pre-made tensors and copies the output out; {@code parity} reads the next batch from the NPY
 * file, preprocesses it, runs it through {@link Runner} and extracts the positive-class scores. The difference
 * is what Parity costs on top of inference.
 */
@State(Scope.Benchmark)
public class OverheadBenchmark {
    @Param("")
    public String spec;

    @Param("")
    public String cache;

    /** An ONNX Runtime variant of the spec (names differ from VariantBenchmark's params on purpose: JMH params
     * are set by name for every benchmark in a run). */
    @Param("onnx-fp32")
    public String overheadVariant;

    @Param({"1", "64"})
    public int overheadBatch;

    private OrtEnvironment env;
    private OrtSession session;
    private List<OnnxTensor> tensors;
    private String inputName;
    private int nextTensor;

    private SampleSource inputs;
    private ResolvedSpec resolved;
    private BatchStream stream;
    private Runner runner;
    private ScoreExtractor extractor;
    private float[] scores;

    @Setup(Level.Trial)
    public void open() throws Exception {
        BenchFixture fixture = new BenchFixture(Path.of(spec), Path.of(cache), 1);
        resolved = fixture.spec;
        ResolvedSpec.Variant v = resolved.variant(overheadVariant).orElseThrow();
        Path artifact = fixture.made.artifact(overheadVariant);
        if (v.runtime() != RuntimeKind.ONNXRUNTIME || artifact == null) {
            throw new IllegalArgumentException("the overhead benchmark needs an ONNX Runtime variant; '"
                    + overheadVariant + "' is " + v.runtime());
        }
        inputName = resolved.contract().inputName();

        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(1);
            session = env.createSession(artifact.toString(), o);
        }
        runner = Runners.open(new RunnerSettings(v.name(), v.runtime(), artifact, v.device(), 1, resolved.contract()));
        extractor = new ScoreExtractor(resolved.scoreIndex(), resolved.transform());
        scores = new float[overheadBatch];

        inputs = DataSources.open(resolved);
        tensors = new ArrayList<>();
        BatchStream pool = new BatchStream(inputs, resolved.preprocessing(), overheadBatch);
        while (tensors.size() < Math.max(1, BenchFixture.POOL_SAMPLES / overheadBatch) && pool.hasNext()) {
            Batch b = pool.next();
            if (b.size() == overheadBatch) {
                tensors.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(b.data()), b.shape()));
            }
        }
        stream = new BatchStream(inputs, resolved.preprocessing(), overheadBatch);
    }

    @Benchmark
    public float[] bare() throws OrtException {
        OnnxTensor t = tensors.get(nextTensor);
        nextTensor = nextTensor + 1 == tensors.size() ? 0 : nextTensor + 1;
        try (OrtSession.Result r = session.run(Map.of(inputName, t))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    @Benchmark
    public float[] parity() {
        Batch b = stream.next();
        if (!stream.hasNext() || b.size() != overheadBatch) {
            stream = new BatchStream(inputs, resolved.preprocessing(), overheadBatch);
            if (b.size() != overheadBatch) b = stream.next();
        }
        Outputs out = runner.run(b);
        extractor.extract(overheadVariant, out, scores, 0);
        return scores;
    }

    @TearDown(Level.Trial)
    public void close() throws OrtException {
        for (OnnxTensor t : tensors) t.close();
        session.close();
        runner.close();
        inputs.close();
    }
}
