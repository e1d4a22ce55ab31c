package dev.parity.harness.spec;

import dev.parity.harness.ParityInputException;
import dev.parity.runners.kserve.KServeSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** Checks a served variant's {@code server:} block; header values come from the environment, never the spec. */
final class ServerValidator {
    private ServerValidator() {
    }

    /** @param grpc the variant speaks gRPC (grpc:// or grpcs:// for TLS), else HTTP (http:// or https://) */
    static KServeSettings resolve(EvalSpec.ServerSpec s, String key, boolean grpc, java.nio.file.Path specDir,
                                  BiFunction<String, String, ParityInputException> error) {
        String example = grpc ? "grpc://127.0.0.1:8001" : "http://127.0.0.1:8000";
        if (s.url() == null) throw error.apply(key + ".url", "is required, e.g. " + example);
        URI url;
        try {
            url = new URI(s.url());
        } catch (URISyntaxException e) {
            throw error.apply(key + ".url", "is not a URL: " + e.getMessage());
        }
        String plain = grpc ? "grpc" : "http", tls = grpc ? "grpcs" : "https";
        if (!plain.equals(url.getScheme()) && !tls.equals(url.getScheme()) || url.getHost() == null) {
            throw error.apply(key + ".url", "must be " + plain + "://host:port or " + tls + "://host:port (TLS), found '"
                    + s.url() + "'");
        }
        if (url.getUserInfo() != null) {
            throw error.apply(key + ".url", "must not carry credentials; put them in headers_from_env");
        }
        if (s.model() == null || !s.model().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw error.apply(key + ".model", "must be a model name (letters, digits, '.', '_', '-'), found '" + s.model() + "'");
        }
        int concurrency = s.concurrency() == null ? 1 : s.concurrency();
        int requestBatch = s.requestBatch() == null ? 0 : s.requestBatch();
        int timeoutMs = s.timeoutMs() == null ? 30_000 : s.timeoutMs();
        int retries = s.retries() == null ? 3 : s.retries();
        if (concurrency < 1 || concurrency > 256) throw error.apply(key + ".concurrency", "must be 1..256, found " + concurrency);
        if (requestBatch < 0) throw error.apply(key + ".request_batch", "must be >= 0, found " + requestBatch);
        if (timeoutMs < 1) throw error.apply(key + ".timeout_ms", "must be >= 1, found " + timeoutMs);
        if (retries < 0 || retries > 20) throw error.apply(key + ".retries", "must be 0..20, found " + retries);
        Map<String, String> headers = new LinkedHashMap<>();
        if (s.headersFromEnv() != null) {
            for (Map.Entry<String, String> e : s.headersFromEnv().entrySet()) {
                String value = System.getenv(e.getValue());
                if (value == null) {
                    throw error.apply(key + ".headers_from_env." + e.getKey(), "names the environment variable "
                            + e.getValue() + ", which is not set");
                }
                headers.put(e.getKey(), value);
            }
        }
        java.nio.file.Path tlsCa = null;
        if (s.tlsCa() != null) {
            if (!tls.equals(url.getScheme())) {
                throw error.apply(key + ".tls_ca", "applies to " + tls + ":// URLs; the url is " + url.getScheme() + "://");
            }
            tlsCa = specDir.resolve(s.tlsCa()).normalize();
            if (!java.nio.file.Files.isRegularFile(tlsCa)) {
                throw error.apply(key + ".tls_ca", "file not found: " + tlsCa);
            }
        }
        for (String[] t : new String[][] {{"input", s.input()}, {"output", s.output()}}) {
            if (t[1] != null && t[1].isBlank()) throw error.apply(key + "." + t[0], "must be a tensor name");
        }
        return new KServeSettings(url, s.model(), s.version(), s.binary() == null || s.binary(), concurrency,
                requestBatch, Duration.ofMillis(timeoutMs), retries, headers, tlsCa, s.input(), s.output());
    }
}
