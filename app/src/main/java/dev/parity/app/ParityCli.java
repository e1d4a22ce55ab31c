package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.ToolVersion;
import dev.parity.harness.run.ScoringPass;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point: {@code parity <command>}. Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 internal error. */
@Command(name = "parity", mixinStandardHelpOptions = true, versionProvider = ParityCli.Version.class,
        description = "Which variant of this model goes to production? Compares a reference model with its "
                + "deployment variants on one dataset: score drift, verdict drift, recalibrated thresholds.",
        subcommands = {EvalCommand.class, CompareCommand.class, ConvertCommand.class, HistoryCommand.class,
                QueryCommand.class, LocaliseCommand.class, RepairCommand.class, ExportTorchCommand.class,
                InitCommand.class, DoctorCommand.class, JoinCommand.class,
                ExportTritonCommand.class, MergeCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every gate passed", "1:a gate failed (a regression)",
                "2:bad input or usage (the message names the file, key or tensor)", "3:internal error (a bug)"})
public final class ParityCli {
    public static final int OK = dev.parity.harness.pipeline.RunSession.PASSED;
    public static final int GATE_FAILED = dev.parity.harness.pipeline.RunSession.GATE_FAILED;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 3;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Same, writing to the given streams. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, null, args);
    }

    /**
     * Stack for the thread a command runs on. ONNX Runtime recurses on the calling thread when it builds a session,
     * and for an INT8 QDQ graph that overflowed the JVM's default 1 MB main-thread stack: the process died with
     * SIGSEGV and no hs_err file, depending only on how deep the Java frames below happened to be. 4 MB sufficed
     * in every test; 64 MB of reserved (not committed) address space leaves a wide margin.
     */
    static final long COMMAND_STACK_BYTES = 64L << 20;

    /**
     * Same, with the runners {@code eval} scores opened by {@code opener}: null for the product's way (worker
     * processes in self-checked modes); tests inject runners that fail on purpose.
     */
    public static int execute(PrintWriter out, PrintWriter err, ScoringPass.RunnerOpener opener, String... args) {
        int[] code = {INTERNAL_ERROR};
        Throwable[] crash = {null};
        Thread t = new Thread(null, () -> code[0] = run(out, err, opener, args), "parity", COMMAND_STACK_BYTES);
        t.setUncaughtExceptionHandler((thread, e) -> crash[0] = e);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
        }
        if (crash[0] != null) {
            err.println("parity: internal error: " + crash[0]);
            crash[0].printStackTrace(err);
            err.flush();
        }
        return code[0];
    }

    private static int run(PrintWriter out, PrintWriter err, ScoringPass.RunnerOpener opener, String... args) {
        CommandLine cli = new CommandLine(new ParityCli());
        ((EvalCommand) cli.getSubcommands().get("eval").getCommand()).opener = opener;
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = exitCode(e);
            if (code == INTERNAL_ERROR) {
                cmd.getErr().println("parity: internal error: " + e);
                e.printStackTrace(cmd.getErr());
            } else if (e instanceof java.io.IOException) {
                cmd.getErr().println("parity: error: cannot read or write a file: " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
            } else if (e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("parity: error: " + e.getMessage());
            } else {
                cmd.getErr().println((code == GATE_FAILED ? "parity: run failed: " : "parity: error: ") + e.getMessage());
            }
            return code;
        });
        return cli.execute(args);
    }

    /**
     * What an exception means for the exit code: an error Parity explains carries its status (bad input 2, a run
     * that could not compare 1); a path that cannot be read or written is the environment's, which the user fixes
     * (2, the message names the file); everything else is a bug (3).
     */
    static int exitCode(Throwable e) {
        if (e instanceof dev.parity.common.ParityException p) return p.status().exitCode;
        if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) return BAD_INPUT;
        return INTERNAL_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"parity " + ToolVersion.get()};
        }
    }
}
