package dev.parity.runners.kserve;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach a model served over the KServe v2 HTTP/REST protocol (the one Triton serves).
 *
 * @param url            server base URL, e.g. http://127.0.0.1:8000 (https for TLS)
 * @param model          model name on the server
 * @param version        model version, or null for the server's choice
 * @param binary         use Triton's binary tensor extension (default) instead of JSON tensors
 * @param concurrency    requests in flight at once; a batch is split into that many sub-requests at most
 * @param requestBatch   samples per request (0: the whole batch, split only for concurrency)
 * @param timeout        per-request timeout
 * @param retries        retries after a 503, a timeout or a connection error (never after 4xx), with backoff
 * @param headers        extra request headers (e.g. Authorization); values are never logged or written out
 * @param tlsCa          PEM file of the certificate authorities to trust for https/grpcs (null: the JVM's defaults)
 * @param inputName      the input's name on the server when it differs from the spec's (e.g. INPUT__0 for Triton's
 *                       PyTorch backend), or null
 * @param outputName     the same for the output, or null
 */
public record KServeSettings(URI url, String model, String version, boolean binary, int concurrency,
                             int requestBatch, Duration timeout, int retries, Map<String, String> headers,
                             java.nio.file.Path tlsCa, String inputName, String outputName) {

    /** Settings that trust the JVM's default certificate authorities and use the spec's tensor names. */
    public KServeSettings(URI url, String model, String version, boolean binary, int concurrency, int requestBatch,
                          Duration timeout, int retries, Map<String, String> headers) {
        this(url, model, version, binary, concurrency, requestBatch, timeout, retries, headers, null, null, null);
    }

    /** The spec's contract with the tensors named as the server names them. */
    dev.parity.runners.ModelContract served(dev.parity.runners.ModelContract c) {
        return new dev.parity.runners.ModelContract(inputName != null ? inputName : c.inputName(), c.inputType(),
                c.inputSampleShape(), outputName != null ? outputName : c.outputName(), c.outputType());
    }

    public KServeSettings {
        headers = Map.copyOf(headers);
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, found " + concurrency);
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0, found " + retries);
    }

    /** The model's path under /v2/models, with the version when one is set. */
    String modelPath() {
        return "/v2/models/" + model + (version == null ? "" : "/versions/" + version);
    }

    /** For messages: the URL without credentials or query. */
    String where() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
