package dev.parity.runners.kserve;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parity.runners.DType;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * KServe v2 inference responses, JSON or binary, from a hostile server: parsed, or refused with an
 * InvalidModelException (or a JSON IOException, which the runner turns into one); nothing else, and never more
 * memory than the body. {@code JAZZER_FUZZ=1 mvn test -pl runners -Dtest=ResponseFuzzTest} fuzzes for 30 s.
 */
class ResponseFuzzTest {
    private static final KServeSettings SETTINGS = new KServeSettings(URI.create("http://127.0.0.1:1"), "m", null,
            true, 1, 0, Duration.ofSeconds(1), 0, Map.of());
    private static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefuses(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 64);
        String lengthHeader = data.consumeBoolean() ? data.consumeString(12) : null;
        byte[] body = data.consumeRemainingAsBytes();
        Map<String, List<String>> headers = lengthHeader == null ? Map.of()
                : Map.of(KServeHttpRunner.HEADER_LENGTH, List.of(lengthHeader));
        try {
            float[] out = KServeHttpRunner.parse(SETTINGS, CONTRACT, new KServeHttpClient.Reply(200, headers, body),
                    count, 0);
            if (out.length % count != 0) throw new AssertionError("result not a whole number of rows: " + out.length);
        } catch (InvalidModelException | IOException expected) {
            // a clear refusal is a correct answer
        }
    }
}
