package dev.parity.runners.kserve;

/** The server could not be reached (or kept answering 503 / UNAVAILABLE) within the retries. */
final class ServerUnreachable extends Exception {
    ServerUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
