package dev.parity.benchmarks;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The progress bar for logs: where stderr is not a terminal (a CI job, a file), carriage-return redraws pile up
 * into one line of many kilobytes, so the bar's state is printed as a line of its own at most every
 * {@link #EVERY_NANOS}, and once more at the end.
 */
final class ProgressLines implements ProgressBarConsumer {
    static final long EVERY_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private long lastPrinted = System.nanoTime();
    private String last;
    private String lastShown;

    ProgressLines(PrintStream out) {
        this.out = out;
    }

    /** Whether the user is watching a terminal (then the redrawn bar is right). */
    static boolean interactive() {
        return System.console() != null;
    }

    @Override
    public int getMaxRenderedLength() {
        return 100;
    }

    @Override
    public void accept(String rendered) {
        last = rendered.strip();
        long now = System.nanoTime();
        if (now - lastPrinted >= EVERY_NANOS) {
            show();
            lastPrinted = now;
        }
    }

    private void show() {
        if (last != null && !last.equals(lastShown)) {
            out.println("[parity] " + last);
            out.flush();
            lastShown = last;
        }
    }

    @Override
    public void close() {
        show();
    }
}
