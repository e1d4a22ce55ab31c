package dev.parity.app;

/** Lets tests of other packages ask what exit code an exception maps to. */
public final class ParityCliAccess {
    private ParityCliAccess() {
    }

    public static int exitCode(Throwable e) {
        return ParityCli.exitCode(e);
    }

    /** Runs the CLI in-process with output discarded; the exit code. */
    public static int run(String... args) {
        java.io.PrintWriter quiet = new java.io.PrintWriter(java.io.Writer.nullWriter());
        return ParityCli.execute(quiet, quiet, args);
    }
}
