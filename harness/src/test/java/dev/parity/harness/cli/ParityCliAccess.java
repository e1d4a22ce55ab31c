package dev.parity.harness.cli;

/** Lets tests of other packages ask what exit code an exception maps to. */
public final class ParityCliAccess {
    private ParityCliAccess() {
    }

    public static int exitCode(Throwable e) {
        return ParityCli.exitCode(e);
    }
}
