package dev.parity.runners.kserve;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import dev.parity.runners.DType;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * KServe v2 gRPC ModelInfer responses from a hostile server: parsed, or refused with an InvalidModelException;
 * nothing else. The fuzzer builds the message field by field (outputs, names, datatypes, shapes, raw or typed
 * contents), because gRPC's protobuf decoding is Google's, well fuzzed elsewhere, and opaque to coverage here;
 * what is ours is what Parity makes of a well-formed but wrong message.
 * {@code JAZZER_FUZZ=1 mvn test -pl runners -Dtest=GrpcResponseFuzzTest} fuzzes for 30 s.
 */
class GrpcResponseFuzzTest {
    private static final KServeSettings SETTINGS = new KServeSettings(URI.create("grpc://127.0.0.1:1"), "m", null,
            true, 1, 0, Duration.ofSeconds(1), 0, Map.of());
    private static final ModelContract CONTRACT =
            new ModelContract("image", DType.FLOAT32, new long[] {1, 28, 28}, "logit", DType.FLOAT32);
    private static final String[] NAMES = {"logit", "other", ""};
    private static final String[] TYPES = {"FP32", "FP16", "INT64", "BYTES"};

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefuses(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 64);
        ModelInferResponse.Builder r = ModelInferResponse.newBuilder();
        int outputs = data.consumeInt(0, 3);
        for (int i = 0; i < outputs; i++) {
            ModelInferResponse.InferOutputTensor.Builder o = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(data.pickValue(NAMES)).setDatatype(data.pickValue(TYPES));
            int dims = data.consumeInt(0, 4);
            for (int d = 0; d < dims; d++) o.addShape(data.consumeBoolean() ? data.consumeLong(-2, 70) : data.consumeLong());
            if (data.consumeBoolean()) {
                InferTensorContents.Builder c = InferTensorContents.newBuilder();
                int n = data.consumeInt(0, 200);
                for (int k = 0; k < n; k++) c.addFp32Contents(data.consumeFloat());
                o.setContents(c);
            }
            r.addOutputs(o);
        }
        int raws = data.consumeInt(0, 3);
        for (int i = 0; i < raws; i++) r.addRawOutputContents(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 600))));
        try {
            float[] out = KServeGrpcRunner.parse(SETTINGS, CONTRACT, r.build(), count, 0);
            if (out.length % count != 0) throw new AssertionError("result not a whole number of rows: " + out.length);
        } catch (InvalidModelException expected) {
            // a clear refusal is a correct answer
        }
    }
}
