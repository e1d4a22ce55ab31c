package dev.parity.runners.kserve;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * HTTP calls to a KServe v2 server with bounded retries: 503, timeouts and connection errors are retried with
 * exponential backoff (100 ms, 200 ms, ...); 401/403 and other 4xx are answered at once. Header values (tokens)
 * appear in no message.
 */
final class KServeHttpClient {
    /** A response that came back, with its status. */
    record Reply(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    private final KServeSettings settings;
    private final HttpClient http;

    KServeHttpClient(KServeSettings settings) {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .version(HttpClient.Version.HTTP_1_1);
        if (settings.tlsCa() != null) b.sslContext(TrustedCertificates.sslContext(settings.tlsCa()));
        this.http = b.build();
    }

    Reply get(String path) throws ServerUnreachable, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    Reply post(String path, byte[] body, Map<String, String> extraHeaders) throws ServerUnreachable, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        extraHeaders.forEach(b::header);
        return send(b, path);
    }

    private Reply send(HttpRequest.Builder builder, String path) throws ServerUnreachable, InterruptedException {
        builder.timeout(settings.timeout());
        settings.headers().forEach(builder::header);
        HttpRequest request = builder.build();
        String last = "no attempt";
        Throwable cause = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) Thread.sleep(100L << Math.min(attempt - 1, 6));
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 503) {
                    return new Reply(r.statusCode(), r.headers().map(), r.body());
                }
                last = "503 Service Unavailable";
            } catch (HttpConnectTimeoutException | ConnectException e) {
                last = "cannot connect (" + e.getClass().getSimpleName() + ")";
                cause = e;
            } catch (javax.net.ssl.SSLException e) {
                throw TrustedCertificates.refused(settings, e);
            } catch (HttpTimeoutException e) {
                last = "no answer within " + settings.timeout().toMillis() + " ms";
                cause = e;
            } catch (IOException e) {
                last = "connection failed (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                cause = e;
            }
        }
        throw new ServerUnreachable(settings.where() + path + ": " + last + " after " + (settings.retries() + 1)
                + " attempt(s)", cause);
    }

    private URI uri(String path) {
        String base = settings.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
