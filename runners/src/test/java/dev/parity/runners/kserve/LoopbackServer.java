package dev.parity.runners.kserve;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback KServe v2 server of the tests, whatever protocol it speaks, with the fault knobs they share; the
 * shared remote-runner tests drive it through this class.
 */
public abstract class LoopbackServer implements AutoCloseable {
    /** The most inference requests that were in flight at once. */
    public final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger inferRequests = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile long delayMs = 0;
    volatile boolean wrongShape = false;
    volatile boolean nan = false;
    volatile String requiredToken = null;
    /** Inference requests answered normally before a fault set below begins (then it lasts). */
    volatile int healthyRequests = 0;
    /** Stop serving altogether once this many inference requests came in (-1: never), as a crashed server does. */
    volatile int disappearAfter = -1;

    public abstract URI url();

    /** Answers every inference request this much later. */
    public void delay(long ms) {
        delayMs = ms;
    }

    /** Answers one row too many. */
    void wrongShape(boolean on) {
        wrongShape = on;
    }

    /** Puts a NaN in the first score. */
    void nan(boolean on) {
        nan = on;
    }

    /** Inference requests are answered normally this many times, then the fault set on the server begins. */
    public void faultAfter(int requests) {
        healthyRequests = requests;
    }

    /** The server goes away (stops listening) on the inference request after this many. */
    public void disappearAfter(int requests) {
        disappearAfter = requests;
    }

    /** Whether the current inference request (counted by {@link #started()}) falls after the healthy ones. */
    boolean faultDue() {
        return inferRequests.get() > healthyRequests;
    }

    /** Whether the server should now go away. */
    boolean goneDue() {
        return disappearAfter >= 0 && inferRequests.get() > disappearAfter;
    }

    /** Counts an inference request in; the caller counts it out with {@code inFlight.decrementAndGet()}. */
    void started() {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        inferRequests.incrementAndGet();
    }

    @Override
    public abstract void close() throws ai.onnxruntime.OrtException;
}
