package dev.parity.runners.kserve;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/** What the shared remote-runner tests need of a loopback server, whatever protocol it speaks. */
interface LoopbackServer extends AutoCloseable {
    URI url();

    /** Answers every inference request this much later. */
    void delay(long ms);

    /** Answers one row too many. */
    void wrongShape(boolean on);

    /** Puts a NaN in the first score. */
    void nan(boolean on);

    /** The most inference requests that were in flight at once. */
    AtomicInteger maxInFlight();

    @Override
    void close() throws ai.onnxruntime.OrtException;
}
