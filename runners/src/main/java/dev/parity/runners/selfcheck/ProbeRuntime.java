package dev.parity.runners.selfcheck;

/** A runtime as the self-check sees it: it computes a probe network and names its own build. */
interface ProbeRuntime {
    /** e.g. "pytorch 2.7.1 (DJL 0.35.1)" */
    String version();

    /** The network's output, row-major. */
    float[] forward(ProbeNet net);
}
