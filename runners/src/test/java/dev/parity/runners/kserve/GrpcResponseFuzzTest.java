package dev.parity.runners.kserve;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parity.runners.DType;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import inference.GrpcPredictV2.ModelInferResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * KServe v2 gRPC ModelInfer responses from a hostile server: parsed, or refused with an InvalidModelException
 * (or a protobuf error, which gRPC raises before the runner sees the message); nothing else.
 * {@code JAZZER_FUZZ=1 mvn test -pl runners -Dtest=GrpcResponseFuzzTest} fuzzes for 30 s.
 */
class GrpcResponseFuzzTest {
    private static final KServeSettings SETTINGS = new KServeSettings(URI.create("grpc://127.0.0.1:1"), "m", null,
            true, 1, 0, Duration.ofSeconds(1), 0, Map.of());
    private static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefuses(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 64);
        try {
            ModelInferResponse response = ModelInferResponse.parseFrom(data.consumeRemainingAsBytes());
            float[] out = KServeGrpcRunner.parse(SETTINGS, CONTRACT, response, count, 0);
            if (out.length % count != 0) throw new AssertionError("result not a whole number of rows: " + out.length);
        } catch (InvalidModelException | InvalidProtocolBufferException expected) {
            // a clear refusal is a correct answer
        }
    }
}
