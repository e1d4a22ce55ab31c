package dev.parity.runners.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.runners.Batch;
import dev.parity.runners.DType;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.ModelSignature;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model served over the KServe v2 HTTP/REST protocol (Triton, KServe): checks health, readiness and metadata
 * against the spec before the first batch, then sends batches as JSON tensors or with Triton's binary tensor
 * extension, several requests in flight, and puts every result back by sample index.
 */
public final class KServeHttpRunner extends ServedRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    /** Triton's name for its binary tensor extension, as listed by {@code GET /v2}. */
    static final String BINARY_EXTENSION = "binary_tensor_data";

    private final KServeHttpClient client;
    /**
     * Binary tensors unless the server does not list the extension, or refused a binary request (then JSON, with
     * a note in the provider). Volatile: the first refusal switches every request in flight after it.
     */
    private volatile boolean binary;
    private volatile String binaryNote;
    /** A binary request has been answered: a later 4xx is the server's error, not a missing extension. */
    private volatile boolean binaryAnswered;

    private KServeHttpRunner(String name, KServeSettings settings, ModelContract contract, KServeHttpClient client,
                             ModelSignature signature, String serverVersion, boolean binary, String binaryNote) {
        super(name, settings, contract, signature, serverVersion, settings.where() + settings.modelPath());
        this.client = client;
        this.binary = binary;
        this.binaryNote = binaryNote;
    }

    /**
     * Checks, in order: the server is ready, what it says of itself ({@code GET /v2}: name, version, extensions),
     * the model is ready, and its metadata matches the spec. What the server gets wrong or lacks makes the variant
     * unavailable, with the server's own words; what the spec gets wrong (tensor names, credentials) is bad input.
     *
     * @throws RunnerUnavailableException the server cannot be reached, is not ready, does not have the model ready,
     *                                    or answers its metadata with an error or with something that is not JSON
     * @throws InvalidModelException      the model's metadata differs from the spec, or the server refuses the
     *                                    credentials (401/403)
     */
    public static KServeHttpRunner open(String name, KServeSettings settings, ModelContract specContract)
            throws RunnerUnavailableException {
        ModelContract contract = settings.served(specContract);
        KServeHttpClient client = new KServeHttpClient(settings);
        try {
            KServeHttpClient.Reply live = client.get("/v2/health/ready");
            requireAuthorized(settings, live, "/v2/health/ready");
            if (live.status() != 200) {
                throw new RunnerUnavailableException(settings.where() + " is not ready (GET /v2/health/ready: HTTP "
                        + live.status() + bodyText(live) + ")", null);
            }
            String serverVersion = "kserve-v2";
            boolean binary = settings.binary();
            String binaryNote = "";
            KServeHttpClient.Reply server = client.get("/v2");
            JsonNode about = server.status() == 200 ? jsonOrNull(server.body()) : null;
            if (about != null) {
                serverVersion = about.path("name").asText("kserve-v2") + " " + about.path("version").asText("");
            }
            if (binary && about != null && about.path("extensions").isArray()
                    && !lists(about.path("extensions"), BINARY_EXTENSION)) {
                // the server says it lacks the extension: JSON tensors still answer the question
                binary = false;
                binaryNote = ": the server does not list the " + BINARY_EXTENSION + " extension (GET /v2 "
                        + "lists " + brief(about.path("extensions").toString()) + "); set server.binary: false "
                        + "to say so";
            } else if (binary && (about == null || !about.path("extensions").isArray())) {
                // a server that does not list its extensions (DJL Serving answers GET /v2 with 404) has given no
                // sign it reads Triton's binary layout; a binary request there ends in a 400 on the first batch
                binary = false;
                binaryNote = ": the server does not list its extensions (GET /v2: " + (server.status() != 200
                        ? "HTTP " + server.status() : about == null ? "not JSON" : "no 'extensions'") + "), so "
                        + "not " + BINARY_EXTENSION + "; set server.binary: false to say so";
            }
            KServeHttpClient.Reply ready = client.get(settings.modelPath() + "/ready");
            requireAuthorized(settings, ready, settings.modelPath() + "/ready");
            if (ready.status() != 200) {
                throw new RunnerUnavailableException(settings.where() + ": model '" + settings.model() + "' is not "
                        + "ready or unknown (GET " + settings.modelPath() + "/ready: HTTP " + ready.status()
                        + bodyText(ready) + "); the server has: " + knownModels(client) + "; check server.model and "
                        + "server.version", null);
            }
            KServeHttpClient.Reply meta = client.get(settings.modelPath());
            requireAuthorized(settings, meta, settings.modelPath());
            if (meta.status() != 200) {
                throw new RunnerUnavailableException(settings.where() + ": the model's metadata request failed (GET "
                        + settings.modelPath() + ": HTTP " + meta.status() + bodyText(meta) + ")", null);
            }
            JsonNode metadata = jsonOrNull(meta.body());
            if (metadata == null || !metadata.isObject()) {
                throw new RunnerUnavailableException(settings.where() + ": the model's metadata (GET "
                        + settings.modelPath() + ") is not a JSON object: " + brief(meta.text()), null);
            }
            return new KServeHttpRunner(name, settings, contract, client, signatureOf(metadata), serverVersion.trim(),
                    binary, binaryNote);
        } catch (ServerUnreachable e) {
            throw new RunnerUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunnerUnavailableException("interrupted while connecting to " + settings.where(), e);
        }
    }

    private static boolean lists(JsonNode array, String value) {
        for (JsonNode n : array) if (value.equals(n.asText())) return true;
        return false;
    }

    private static JsonNode jsonOrNull(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** ": <the server's own words>" when it said anything. */
    static String bodyText(KServeHttpClient.Reply r) {
        String t = brief(r.text());
        return t.isEmpty() ? "" : ": " + t;
    }

    private static void requireAuthorized(KServeSettings s, KServeHttpClient.Reply r, String path) {
        if (r.status() == 401 || r.status() == 403) {
            throw new InvalidModelException(s.where() + path + ": the server refused the credentials (HTTP "
                    + r.status() + "); check the header values (e.g. the token's environment variable); not retried");
        }
    }

    /** Triton's repository index, when the server offers it; otherwise a note that it does not. */
    private static String knownModels(KServeHttpClient client) throws InterruptedException {
        try {
            KServeHttpClient.Reply index = client.post("/v2/repository/index", "{}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            if (index.status() != 200) return "(it offers no repository index)";
            List<String> names = new ArrayList<>();
            for (JsonNode m : JSON.readTree(index.body())) {
                names.add(m.path("name").asText() + (m.has("state") ? " (" + m.path("state").asText() + ")" : ""));
            }
            return names.isEmpty() ? "no models" : String.join(", ", names);
        } catch (ServerUnreachable | IOException e) {
            return "(its repository index could not be read)";
        }
    }

    static ModelSignature signatureOf(JsonNode meta) {
        return new ModelSignature(tensors(meta.path("inputs")), tensors(meta.path("outputs")), true);
    }

    private static List<TensorSpec> tensors(JsonNode list) {
        List<TensorSpec> out = new ArrayList<>();
        for (JsonNode t : list) {
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = t.path("shape").get(i).asLong();
            out.add(new TensorSpec(t.path("name").asText(), DType.fromKServe(t.path("datatype").asText()), shape));
        }
        return out;
    }

    @Override
    public String executionProvider() {
        return "remote " + settings.where() + settings.modelPath() + (binary ? " (binary)" : " (JSON" + binaryNote + ")");
    }

    /**
     * One request for samples [start, start + count) of the batch; returns count x k floats. A binary request the
     * server refuses with a 4xx before any binary request was answered is sent again as JSON: if that is answered,
     * the server lacks the extension (it did not say so in GET /v2), and every later request is JSON.
     */
    @Override
    float[] infer(Batch batch, int start, int count, int perSample) throws InterruptedException {
        try {
            boolean asBinary = binary;
            KServeHttpClient.Reply reply = send(batch, start, count, perSample, asBinary);
            boolean retried = false;
            if (asBinary && refusal(reply.status()) && !binaryAnswered) {
                retried = true;
                KServeHttpClient.Reply json = send(batch, start, count, perSample, false);
                if (json.status() == 200) {
                    if (binary) {
                        binary = false;
                        binaryNote = ": the server refused a binary request (HTTP " + reply.status() + bodyText(reply)
                                + ") and answered the same request as JSON; set server.binary: false to say so";
                    }
                    reply = json;
                    asBinary = false;
                }
            }
            if (reply.status() != 200) {
                // a server's refusal, whatever its code, is this variant failing, not the user's input
                String hint = retried ? "; the request used Triton's binary tensor extension, and the same request "
                        + "as JSON was refused too" : asBinary && reply.status() == 400 ? "; the request used "
                        + "Triton's binary tensor extension" : "";
                throw new RunnerFailureException(settings.where() + settings.modelPath() + "/infer: HTTP "
                        + reply.status() + " for samples " + (batch.firstIndex() + start) + ".."
                        + (batch.firstIndex() + start + count - 1) + bodyText(reply) + hint, null);
            }
            if (asBinary) binaryAnswered = true;
            return parse(settings, contract, reply, count, batch.firstIndex() + start);
        } catch (ServerUnreachable e) {
            throw new RunnerFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new RunnerFailureException(settings.where() + ": unreadable inference response: " + e.getMessage(), e);
        }
    }

    /** A 4xx other than refused credentials (those are thrown before this is asked). */
    private static boolean refusal(int status) {
        return status >= 400 && status < 500;
    }

    /** Sends samples [start, start + count) as binary or JSON tensors. */
    private KServeHttpClient.Reply send(Batch batch, int start, int count, int perSample, boolean asBinary)
            throws IOException, ServerUnreachable, InterruptedException {
        long[] shape = batch.shape();
        shape[0] = count;
        ObjectNode request = JSON.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject();
        input.put("name", contract.inputName());
        ArrayNode sh = input.putArray("shape");
        for (long d : shape) sh.add(d);
        input.put("datatype", DType.FLOAT32.kserveName());
        ObjectNode output = request.putArray("outputs").addObject();
        output.put("name", contract.outputName());
        output.putObject("parameters").put("binary_data", asBinary);
        float[] data = batch.data();
        int from = start * perSample, len = count * perSample;
        byte[] body;
        Map<String, String> headers;
        if (asBinary) {
            input.putObject("parameters").put("binary_data_size", 4L * len);
            byte[] header = JSON.writeValueAsBytes(request);
            ByteBuffer buf = ByteBuffer.allocate(header.length + 4 * len).order(ByteOrder.LITTLE_ENDIAN);
            buf.put(header);
            for (int i = 0; i < len; i++) buf.putFloat(data[from + i]);
            body = buf.array();
            headers = Map.of("Content-Type", "application/octet-stream", HEADER_LENGTH, String.valueOf(header.length));
        } else {
            ArrayNode values = input.putArray("data");
            for (int i = 0; i < len; i++) values.add(data[from + i]);
            body = JSON.writeValueAsBytes(request);
            headers = Map.of("Content-Type", "application/json");
        }
        KServeHttpClient.Reply reply = client.post(settings.modelPath() + "/infer", body, headers);
        requireAuthorized(settings, reply, settings.modelPath() + "/infer");
        return reply;
    }

    /**
     * The contract's output from a JSON or binary response, checked to hold count x k values. Static and
     * package-private so that it can be fuzzed without a server.
     */
    static float[] parse(KServeSettings settings, ModelContract contract, KServeHttpClient.Reply reply, int count,
                         long firstSample) throws IOException {
        String lengthHeader = reply.header(HEADER_LENGTH);
        int jsonLength = reply.body().length;
        if (lengthHeader != null) {
            try {
                jsonLength = Integer.parseInt(lengthHeader.trim());
            } catch (NumberFormatException e) {
                jsonLength = -1;
            }
            if (jsonLength < 0 || jsonLength > reply.body().length) {
                throw new InvalidModelException(settings.where() + ": " + HEADER_LENGTH + " " + lengthHeader
                        + " does not fit a response of " + reply.body().length + " bytes");
            }
        }
        JsonNode root = JSON.readTree(new String(reply.body(), 0, jsonLength, StandardCharsets.UTF_8));
        int binaryOffset = jsonLength;
        for (JsonNode out : root.path("outputs")) {
            long binarySize = out.path("parameters").path("binary_data_size").asLong(-1);
            if (!out.path("name").asText().equals(contract.outputName())) {
                if (binarySize > 0) binaryOffset += (int) binarySize;
                continue;
            }
            JsonNode shape = out.path("shape");
            int elements = ResponseShape.elements(settings, contract.outputName(), longs(shape),
                    brief(shape.toString()), count, firstSample);
            float[] values;
            if (binarySize >= 0) {
                if (!DType.FLOAT32.kserveName().equals(out.path("datatype").asText())) {
                    throw new InvalidModelException(settings.where() + ": output '" + contract.outputName() + "' is "
                            + out.path("datatype").asText() + "; Parity reads FP32");
                }
                if (binarySize != 4 * elements || binaryOffset + binarySize > reply.body().length) {
                    throw new InvalidModelException(settings.where() + ": output '" + contract.outputName() + "' declares "
                            + binarySize + " bytes for shape " + shape + " (" + elements + " FP32 values) in a response of "
                            + reply.body().length + " bytes");
                }
                ByteBuffer b = ByteBuffer.wrap(reply.body(), binaryOffset, (int) binarySize).order(ByteOrder.LITTLE_ENDIAN);
                values = new float[elements];
                for (int i = 0; i < values.length; i++) values[i] = b.getFloat();
            } else {
                JsonNode data = out.path("data");
                if (!data.isArray() || data.size() != elements) {
                    throw new InvalidModelException(settings.where() + ": output '" + contract.outputName() + "' has "
                            + (data.isArray() ? data.size() + " values" : "no data array") + " for shape " + shape
                            + " (expected " + elements + ")");
                }
                values = new float[elements];
                for (int i = 0; i < values.length; i++) {
                    JsonNode v = data.get(i);
                    values[i] = v.isNumber() ? v.floatValue() : parseSpecial(v.asText());
                }
            }
            return values;
        }
        throw new InvalidModelException(settings.where() + ": the response has no output '" + contract.outputName() + "'");
    }

    /** The shape as numbers, or null when it is not an array of integers. */
    private static long[] longs(JsonNode shape) {
        if (!shape.isArray()) return null;
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            if (!shape.get(i).isIntegralNumber() || !shape.get(i).canConvertToLong()) return null;
            out[i] = shape.get(i).asLong();
        }
        return out;
    }

    /** JSON has no NaN or Infinity; servers that send them as strings are understood. */
    private static float parseSpecial(String s) {
        return switch (s) {
            case "NaN", "nan" -> Float.NaN;
            case "Infinity", "inf" -> Float.POSITIVE_INFINITY;
            case "-Infinity", "-inf" -> Float.NEGATIVE_INFINITY;
            default -> throw new InvalidModelException("not a number in the response: " + brief(s));
        };
    }

    private static String brief(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    @Override
    void disconnect() {
        // Java 17's HttpClient has no close(); its idle connections time out on their own
    }
}
