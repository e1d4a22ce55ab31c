package dev.parity.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collection;
import me.tongfei.progressbar.ProgressBar;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/** JMH's output replaced by one progress bar that steps once per finished iteration. */
final class ProgressOutput implements OutputFormat {
    private final ProgressBar bar;

    ProgressOutput(ProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public void iteration(BenchmarkParams b, IterationParams p, int i) {
        bar.setExtraMessage(b.getParam("variant") == null ? shortName(b.getBenchmark())
                : b.getParam("variant") + " @" + b.getParam("batchSize") + " " + b.getMode().shortLabel());
    }

    @Override
    public void iterationResult(BenchmarkParams b, IterationParams p, int i, IterationResult r) {
        bar.step();
    }

    @Override
    public void startBenchmark(BenchmarkParams b) {
    }

    @Override
    public void endBenchmark(BenchmarkResult r) {
    }

    @Override
    public void startRun() {
    }

    @Override
    public void endRun(Collection<RunResult> results) {
    }

    @Override
    public void print(String s) {
    }

    @Override
    public void println(String s) {
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public void verbosePrintln(String s) {
    }

    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] b) throws IOException {
    }

    static PrintStream nowhere() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static String shortName(String benchmark) {
        int dot = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1);
        return benchmark.substring(dot + 1);
    }
}
