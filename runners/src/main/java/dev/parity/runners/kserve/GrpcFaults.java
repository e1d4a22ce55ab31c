package dev.parity.runners.kserve;

import io.grpc.StatusRuntimeException;

/** A gRPC status in a user's words, recognising the faults that have a known cause. */
final class GrpcFaults {
    private GrpcFaults() {
    }

    /** "CODE: description", or what it means when the cause is known (e.g. an HTTP/1.1 port). */
    static String describe(StatusRuntimeException e) {
        String text = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                : ": " + e.getStatus().getDescription());
        if (speaksHttp1(e)) {
            return "this port does not speak gRPC (it answered an HTTP/2 request the way an HTTP/1.x server does; "
                    + "Triton serves gRPC on 8001 and HTTP on 8000, and an HTTP endpoint takes runtime: kserve-http) ["
                    + text + "]";
        }
        return text;
    }

    /**
     * An HTTP/1.1 server answers gRPC's HTTP/2 preface with an HTTP/1.1 status line, which Netty reports as an
     * INTERNAL "http2 exception" whose cause says the first frame was not SETTINGS (hex dump "485454502f" = "HTTP/").
     */
    private static boolean speaksHttp1(StatusRuntimeException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("485454502f") || m.contains("First received frame was not SETTINGS")) return true;
        }
        return false;
    }
}
