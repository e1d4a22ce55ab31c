package dev.parity.runners.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process KServe v2 HTTP server on 127.0.0.1 that serves one ONNX model with ONNX Runtime, speaking JSON
 * and Triton's binary tensor extension, with knobs for the faults real servers have: slow answers, 503s,
 * dropped connections, wrong shapes, NaN, and refused credentials.
 */
public final class KServeTestServer extends LoopbackServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, each response then waits
        // for the client's delayed ACK (~40 ms on Linux loopback), which is the server's artefact, not the
        // protocol's. Real servers (Triton) set TCP_NODELAY.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final AtomicInteger requests = new AtomicInteger();
    volatile int fail503 = 0;
    volatile int dropConnections = 0;
    /** Answer inference requests (after the healthy ones) with this status and body; 0: answer normally. */
    volatile int inferStatus = 0;
    volatile String inferBody = "";
    /** Refuse the binary tensor extension: 400 for binary requests, and GET /v2 lists no extension. */
    volatile boolean refuseBinary = false;
    /** Answer GET /v2 with 404, as DJL Serving does: the server says nothing of itself or its extensions. */
    volatile boolean noServerInfo = false;
    /** With refuseBinary: GET /v2 still lists the binary extension (a server that claims what it lacks). */
    volatile boolean claimsBinary = false;
    /** Answer the model's metadata request with this status (0: normally). */
    volatile int metadataStatus = 0;

    private final String model;
    private final HttpServer server;
    private final ServedOnnxModel served;

    public KServeTestServer(String model, Path onnx) throws Exception {
        this(model, onnx, 0);
    }

    /** @param port 0 for any free port */
    public KServeTestServer(String model, Path onnx, int port) throws Exception {
        this(model, onnx, port, null);
    }

    /** @param tls serve https with this context, or null for http */
    public KServeTestServer(String model, Path onnx, int port, javax.net.ssl.SSLContext tls) throws Exception {
        this.model = model;
        this.served = new ServedOnnxModel(onnx);
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } else {
            com.sun.net.httpserver.HttpsServer https =
                    com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public URI url() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Inference requests after the healthy ones get this HTTP status and body (a server-side fault). */
    public void failInfer(int status, String body) {
        inferStatus = status;
        inferBody = body;
    }

    /** Behaves like a server without Triton's binary tensor extension (DJL Serving, for one). */
    public void refuseBinary(boolean on) {
        refuseBinary = on;
    }

    /** Behaves like DJL Serving 0.36: no GET /v2 (404), and binary requests refused with a 400. */
    public void likeDjlServing() {
        noServerInfo = true;
        refuseBinary = true;
    }

    /** Lists the binary extension in GET /v2 but refuses binary requests with a 400. */
    public void claimBinaryButRefuseIt() {
        claimsBinary = true;
        refuseBinary = true;
    }

    /** The model's metadata request fails with this status. */
    public void failMetadata(int status) {
        metadataStatus = status;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try {
            if (dropConnections > 0) {
                dropConnections--;
                ex.close(); // no status line at all: the client sees the connection end
                return;
            }
            if (requiredToken != null && !("Bearer " + requiredToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String base = "/v2/models/" + model;
            if (path.equals("/v2") && noServerInfo) {
                send(ex, 404, "{\"code\":404,\"type\":\"ResourceNotFoundException\",\"message\":\"Requested "
                        + "resource is not found, please refer to API document.\"}");
            } else if (path.equals("/v2")) {
                send(ex, 200, "{\"name\":\"parity-test-server\",\"version\":\"1\",\"extensions\":["
                        + (refuseBinary && !claimsBinary ? "" : "\"binary_tensor_data\"") + "]}");
            } else if (path.equals("/v2/health/ready") || path.equals("/v2/health/live")) {
                send(ex, 200, "");
            } else if (path.equals("/v2/repository/index")) {
                send(ex, 200, "[{\"name\":\"" + model + "\",\"version\":\"1\",\"state\":\"READY\"}]");
            } else if (path.equals(base + "/ready")) {
                send(ex, 200, "");
            } else if (path.startsWith("/v2/models/") && path.endsWith("/ready")) {
                send(ex, 404, "{\"error\":\"unknown model\"}");
            } else if (path.equals(base) && metadataStatus != 0) {
                send(ex, metadataStatus, "{\"error\":\"metadata backend exploded (test)\"}");
            } else if (path.equals(base)) {
                send(ex, 200, "{\"name\":\"" + model + "\",\"versions\":[\"1\"],\"platform\":\"onnxruntime_onnx\","
                        + "\"inputs\":[{\"name\":\"" + served.input + "\",\"datatype\":\"FP32\",\"shape\":"
                        + ServedOnnxModel.json(served.inputShape) + "}],"
                        + "\"outputs\":[{\"name\":\"" + served.output + "\",\"datatype\":\"FP32\",\"shape\":"
                        + ServedOnnxModel.json(served.outputShape) + "}]}");
            } else if (path.equals(base + "/infer")) {
                infer(ex);
            } else {
                send(ex, 404, "{\"error\":\"no such endpoint\"}");
            }
        } catch (Exception e) {
            send(ex, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private void infer(HttpExchange ex) throws Exception {
        started();
        try {
            if (goneDue()) {
                ex.close();
                new Thread(() -> server.stop(0)).start(); // the process died: nothing listens any more
                return;
            }
            if (inferStatus != 0 && faultDue()) {
                send(ex, inferStatus, inferBody);
                return;
            }
            if (fail503 > 0) {
                fail503--;
                send(ex, 503, "{\"error\":\"busy\"}");
                return;
            }
            if (delayMs > 0 && faultDue()) Thread.sleep(delayMs);
            byte[] body = ex.getRequestBody().readAllBytes();
            String lengthHeader = ex.getRequestHeaders().getFirst(KServeHttpRunner.HEADER_LENGTH);
            int jsonLength = lengthHeader == null ? body.length : Integer.parseInt(lengthHeader);
            JsonNode req = JSON.readTree(new String(body, 0, jsonLength, StandardCharsets.UTF_8));
            JsonNode in = req.path("inputs").get(0);
            long[] shape = new long[in.path("shape").size()];
            int elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.path("shape").get(i).asLong();
                elements *= (int) shape[i];
            }
            float[] x = new float[elements];
            if (refuseBinary && in.path("parameters").has("binary_data_size")) {
                send(ex, 400, "{\"error\":\"Unable to parse 'data': Shape does not match true shape of 'data' field\"}");
                return;
            }
            if (in.path("parameters").has("binary_data_size")) {
                ByteBuffer b = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < elements; i++) x[i] = b.getFloat();
            } else {
                for (int i = 0; i < elements; i++) x[i] = in.path("data").get(i).floatValue();
            }
            float[] y = served.infer(x, shape);
            if (nan) y[0] = Float.NaN;
            long rows = wrongShape ? shape[0] + 1 : shape[0];
            boolean binary = req.path("outputs").get(0).path("parameters").path("binary_data").asBoolean(false);
            ObjectNode resp = JSON.createObjectNode();
            resp.put("model_name", model);
            ObjectNode out = resp.putArray("outputs").addObject();
            out.put("name", served.output);
            out.put("datatype", "FP32");
            ArrayNode sh = out.putArray("shape");
            sh.add(rows);
            for (int i = 1; i < served.outputShape.length; i++) sh.add(served.outputShape[i]);
            if (binary) {
                out.putObject("parameters").put("binary_data_size", 4L * y.length);
                byte[] header = JSON.writeValueAsBytes(resp);
                ByteBuffer b = ByteBuffer.allocate(header.length + 4 * y.length).order(ByteOrder.LITTLE_ENDIAN);
                b.put(header);
                for (float v : y) b.putFloat(v);
                ex.getResponseHeaders().add(KServeHttpRunner.HEADER_LENGTH, String.valueOf(header.length));
                ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, b.array().length);
                ex.getResponseBody().write(b.array());
                ex.close();
            } else {
                ArrayNode data = out.putArray("data");
                for (float v : y) {
                    if (Float.isNaN(v)) data.add("NaN"); else data.add(v);
                }
                send(ex, 200, JSON.writeValueAsString(resp));
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() throws ai.onnxruntime.OrtException {
        server.stop(0);
        served.close();
    }
}
