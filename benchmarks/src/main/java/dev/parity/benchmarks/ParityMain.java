package dev.parity.benchmarks;

import dev.parity.harness.cli.ParityCli;
import java.io.PrintWriter;
import java.util.List;

/** The full {@code parity} command line: the harness's commands plus {@code bench}. */
public final class ParityMain {
    private ParityMain() {
    }

    public static void main(String[] args) {
        System.exit(ParityCli.execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                new ParityCli.Plugins(List.of(new BenchCommand()), BenchCommand::beforeDecision,
                        null), args));
    }
}
