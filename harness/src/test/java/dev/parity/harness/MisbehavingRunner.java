package dev.parity.harness;

import dev.parity.runners.Batch;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;
import java.util.function.BiFunction;

/**
 * A real runner whose batches pass through a fault of the test's choosing: given the real outputs and the call
 * number (from 1), it returns other outputs or throws, as a broken runtime or model would. It extends the runner
 * base like every runtime, so its outputs get the same checks.
 */
public final class MisbehavingRunner extends Runner {
    private final Runner real;
    private final BiFunction<Batch, Integer, Outputs> run;
    private int calls;

    /** @param fault the real outputs and the call number in, what the runner answers out */
    public static Runner of(Runner real, BiFunction<Outputs, Integer, Outputs> fault) {
        return new MisbehavingRunner(real, (batch, call) -> fault.apply(real.run(batch), call));
    }

    /** A real runner that shows each batch to the test before running it (to record, or to delay). */
    public static Runner watched(Runner real, java.util.function.Consumer<Batch> watch) {
        return new MisbehavingRunner(real, (batch, call) -> {
            watch.accept(batch);
            return real.run(batch);
        });
    }

    /** A runner that fails every batch without running the real one. */
    public static Runner failing(Runner real, RuntimeException error) {
        return new MisbehavingRunner(real, (batch, call) -> {
            throw error;
        });
    }

    private MisbehavingRunner(Runner real, BiFunction<Batch, Integer, Outputs> run) {
        super(real.name(), null, new dev.parity.runners.ModelSignature(java.util.List.of(), java.util.List.of(), false),
                real.name());
        this.real = real;
        this.run = run;
    }

    @Override
    public String runtimeVersion() {
        return real.runtimeVersion();
    }

    @Override
    public String executionProvider() {
        return real.executionProvider();
    }

    @Override
    public String hostMode() {
        return real.hostMode();
    }

    @Override
    public long peakRssBytes() {
        return real.peakRssBytes();
    }

    @Override
    protected Outputs runImpl(Batch batch) {
        return timed(() -> run.apply(batch, ++calls));
    }

    @Override
    protected void closeImpl() {
        real.close();
    }
}
