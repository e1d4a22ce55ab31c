package dev.parity.runners.kserve;

import com.google.protobuf.ByteString;
import dev.parity.runners.Batch;
import dev.parity.runners.DType;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.ModelSignature;
import dev.parity.runners.RunnerFailureException;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.TensorSpec;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerReadyRequest;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A model served over the KServe v2 gRPC protocol ({@code inference.GRPCInferenceService}, which Triton serves on
 * port 8001): checks server readiness, model readiness and metadata against the spec before the first batch, then
 * sends {@code ModelInfer} requests with raw little-endian tensor contents (or typed {@code fp32_contents} when
 * {@code binary: false}), several in flight, and puts every result back by sample index.
 */
public final class KServeGrpcRunner extends ServedRunner {
    private final KServeGrpcClient client;

    private KServeGrpcRunner(String name, KServeSettings settings, ModelContract contract, KServeGrpcClient client,
                             ModelSignature signature, String serverVersion, String where) {
        super(name, settings, contract, signature, serverVersion, where);
        this.client = client;
    }

    /**
     * @throws RunnerUnavailableException the server cannot be reached within the retries, or is not ready
     * @throws InvalidModelException      the model is unknown or not ready, its metadata differs from the spec,
     *                                    or the server refuses the credentials
     */
    public static KServeGrpcRunner open(String name, KServeSettings settings, ModelContract specContract)
            throws RunnerUnavailableException {
        ModelContract contract = settings.served(specContract);
        KServeGrpcClient client = new KServeGrpcClient(settings);
        try {
            boolean serverReady;
            try {
                serverReady = client.call("ServerReady", s -> s.serverReady(ServerReadyRequest.getDefaultInstance()))
                        .getReady();
            } catch (StatusRuntimeException e) {
                throw new RunnerUnavailableException(settings.where() + " ServerReady: " + GrpcFaults.describe(e), e);
            }
            if (!serverReady) {
                throw new RunnerUnavailableException(settings.where() + " is live but not ready", null);
            }
            String serverVersion = "kserve-v2";
            try {
                var meta = client.call("ServerMetadata", s -> s.serverMetadata(ServerMetadataRequest.getDefaultInstance()));
                serverVersion = (meta.getName() + " " + meta.getVersion()).trim();
            } catch (StatusRuntimeException e) {
                // optional for our purposes: the version only labels the report
            }
            String where = settings.where() + " model '" + settings.model() + "'"
                    + (settings.version() == null ? "" : " version " + settings.version());
            String notReady = null;
            try {
                if (!client.call("ModelReady", s -> s.modelReady(ModelReadyRequest.newBuilder()
                        .setName(settings.model()).setVersion(versionOrEmpty(settings)).build())).getReady()) {
                    notReady = "the server answers that it is not ready";
                }
            } catch (StatusRuntimeException e) {
                notReady = GrpcFaults.describe(e);
            }
            if (notReady != null) {
                throw new RunnerUnavailableException(where + " is not ready or unknown (" + notReady + "); the server "
                        + "has: " + TritonModelIndex.describe(client.repositoryIndex()) + "; check server.model and "
                        + "server.version", null);
            }
            ModelMetadataResponse meta;
            try {
                meta = client.call("ModelMetadata", s -> s.modelMetadata(ModelMetadataRequest.newBuilder()
                        .setName(settings.model()).setVersion(versionOrEmpty(settings)).build()));
            } catch (StatusRuntimeException e) {
                throw new RunnerUnavailableException(where + ": the metadata request failed ("
                        + GrpcFaults.describe(e) + ")", e);
            }
            return new KServeGrpcRunner(name, settings, contract, client, signatureOf(meta), serverVersion, where);
        } catch (ServerUnreachable e) {
            client.close();
            throw new RunnerUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new RunnerUnavailableException("interrupted while connecting to " + settings.where(), e);
        } catch (RuntimeException | RunnerUnavailableException e) {
            client.close();
            throw e;
        }
    }

    private static String versionOrEmpty(KServeSettings s) {
        return s.version() == null ? "" : s.version();
    }

    static ModelSignature signatureOf(ModelMetadataResponse meta) {
        return new ModelSignature(tensors(meta.getInputsList()), tensors(meta.getOutputsList()), true);
    }

    private static List<TensorSpec> tensors(List<ModelMetadataResponse.TensorMetadata> list) {
        List<TensorSpec> out = new ArrayList<>();
        for (ModelMetadataResponse.TensorMetadata t : list) {
            long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
            out.add(new TensorSpec(t.getName(), DType.fromKServe(t.getDatatype()), shape));
        }
        return out;
    }

    @Override
    public String executionProvider() {
        return "remote " + settings.where() + " model " + settings.model()
                + (settings.binary() ? " (gRPC raw contents)" : " (gRPC typed contents)");
    }

    @Override
    float[] infer(Batch batch, int start, int count, int perSample) throws InterruptedException {
        long[] shape = batch.shape();
        shape[0] = count;
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(contract.inputName()).setDatatype(DType.FLOAT32.kserveName());
        for (long d : shape) input.addShape(d);
        float[] data = batch.data();
        int from = start * perSample, len = count * perSample;
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder()
                .setModelName(settings.model()).setModelVersion(versionOrEmpty(settings))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(contract.outputName()));
        if (settings.binary()) {
            ByteBuffer raw = ByteBuffer.allocate(4 * len).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(data, from, len);
            request.addInputs(input).addRawInputContents(ByteString.copyFrom(raw.array()));
        } else {
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (int i = 0; i < len; i++) contents.addFp32Contents(data[from + i]);
            request.addInputs(input.setContents(contents));
        }
        ModelInferRequest built = request.build();
        long first = batch.firstIndex() + start;
        try {
            ModelInferResponse response = client.call("ModelInfer", s -> s.modelInfer(built));
            return parse(settings, contract, response, count, first);
        } catch (ServerUnreachable e) {
            throw new RunnerFailureException(e.getMessage(), e);
        } catch (StatusRuntimeException e) {
            throw new RunnerFailureException(settings.where() + " ModelInfer for samples " + first + ".."
                    + (first + count - 1) + ": " + GrpcFaults.describe(e), e);
        }
    }

    /**
     * The contract's output from a response, checked to hold count x k FP32 values; raw contents are matched to
     * outputs by position, as the protocol specifies. Static and package-private so that it can be tested alone.
     */
    static float[] parse(KServeSettings settings, ModelContract contract, ModelInferResponse response, int count,
                         long firstSample) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor out = response.getOutputs(i);
            if (!out.getName().equals(contract.outputName())) continue;
            List<Long> shape = out.getShapeList();
            int elements = ResponseShape.elements(settings, contract.outputName(),
                    shape.stream().mapToLong(Long::longValue).toArray(), shape.toString(), count, firstSample);
            if (!DType.FLOAT32.kserveName().equals(out.getDatatype())) {
                throw new InvalidModelException(settings.where() + ": output '" + contract.outputName() + "' is "
                        + out.getDatatype() + "; Parity reads FP32");
            }
            // sizes are checked before anything is allocated: a hostile shape must not cost gigabytes
            float[] values;
            if (response.getRawOutputContentsCount() > 0) {
                if (i >= response.getRawOutputContentsCount()) {
                    throw new InvalidModelException(settings.where() + ": the response has " + response.getOutputsCount()
                            + " outputs but " + response.getRawOutputContentsCount() + " raw contents");
                }
                ByteString raw = response.getRawOutputContents(i);
                if (raw.size() != 4 * elements) {
                    throw new InvalidModelException(settings.where() + ": output '" + contract.outputName() + "' has "
                            + raw.size() + " raw bytes for shape " + shape + " (expected " + 4 * elements + ")");
                }
                values = new float[elements];
                raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            } else {
                List<Float> typed = out.getContents().getFp32ContentsList();
                if (typed.size() != elements) {
                    throw new InvalidModelException(settings.where() + ": output '" + contract.outputName() + "' has "
                            + typed.size() + " values for shape " + shape + " (expected " + elements + ")");
                }
                values = new float[elements];
                for (int j = 0; j < values.length; j++) values[j] = typed.get(j);
            }
            return values;
        }
        throw new InvalidModelException(settings.where() + ": the response has no output '" + contract.outputName() + "'");
    }

    @Override
    void disconnect() {
        client.close();
    }
}
