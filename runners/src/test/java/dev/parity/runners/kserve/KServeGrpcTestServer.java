package dev.parity.runners.kserve;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import inference.GRPCInferenceServiceGrpc;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ModelReadyResponse;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerLiveResponse;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerMetadataResponse;
import inference.GrpcPredictV2.ServerReadyRequest;
import inference.GrpcPredictV2.ServerReadyResponse;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process KServe v2 gRPC server on 127.0.0.1, built on the generated service base class, serving the demo's
 * ONNX model with ONNX Runtime (raw and typed contents), plus Triton's RepositoryIndex; with knobs for slow
 * answers, UNAVAILABLE (a busy server or a dropped connection), wrong shapes, NaN and refused credentials.
 */
public final class KServeGrpcTestServer extends LoopbackServer {
    final AtomicInteger calls = new AtomicInteger();
    volatile int unavailable = 0;
    /** Answer inference calls (after the healthy ones) with this status; null: answer normally. */
    volatile Status inferStatus = null;

    /** Inference calls after the healthy ones fail with this status (a server-side fault). */
    public void failInfer(Status status) {
        inferStatus = status;
    }

    private final String model;
    private final ServedOnnxModel served;
    private final Server server;
    private final boolean tls;

    public KServeGrpcTestServer(String model, Path onnx) throws Exception {
        this(model, onnx, 0);
    }

    /** @param port 0 for any free port */
    public KServeGrpcTestServer(String model, Path onnx, int port) throws Exception {
        this(model, onnx, port, null);
    }

    /** @param tls serve TLS (grpcs) with these keys, or null for plaintext */
    public KServeGrpcTestServer(String model, Path onnx, int port, javax.net.ssl.KeyManagerFactory tls)
            throws Exception {
        this.model = model;
        this.tls = tls != null;
        this.served = new ServedOnnxModel(onnx);
        // The generated base class serves the six KServe v2 calls; Triton's RepositoryIndex is added beside them.
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(GRPCInferenceServiceGrpc.SERVICE_NAME);
        new Service().bindService().getMethods().forEach(service::addMethod);
        service.addMethod(repositoryIndexMethod(), ServerCalls.asyncUnaryCall(this::repositoryIndex));
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
        if (tls != null) {
            builder.sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.configure(
                    io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forServer(tls)).build());
        }
        server = builder.executor(Executors.newFixedThreadPool(8))
                .addService(ServerInterceptors.intercept(service.build(), new TokenCheck()))
                .build().start();
    }

    @Override
    public URI url() {
        return URI.create((tls ? "grpcs" : "grpc") + "://127.0.0.1:" + server.getPort());
    }

    /** The KServe v2 service on the generated base class. */
    private final class Service extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
        @Override
        public void serverLive(ServerLiveRequest r, StreamObserver<ServerLiveResponse> out) {
            reply(out, ServerLiveResponse.newBuilder().setLive(true).build());
        }

        @Override
        public void serverReady(ServerReadyRequest r, StreamObserver<ServerReadyResponse> out) {
            reply(out, ServerReadyResponse.newBuilder().setReady(true).build());
        }

        @Override
        public void modelReady(ModelReadyRequest r, StreamObserver<ModelReadyResponse> out) {
            if (!r.getName().equals(model)) {
                out.onError(Status.NOT_FOUND.withDescription("Request for unknown model: '" + r.getName() + "'").asRuntimeException());
                return;
            }
            reply(out, ModelReadyResponse.newBuilder().setReady(true).build());
        }

        @Override
        public void serverMetadata(ServerMetadataRequest r, StreamObserver<ServerMetadataResponse> out) {
            reply(out, ServerMetadataResponse.newBuilder().setName("parity-grpc-test-server").setVersion("1").build());
        }

        @Override
        public void modelMetadata(ModelMetadataRequest r, StreamObserver<ModelMetadataResponse> out) {
            reply(out, ModelMetadataResponse.newBuilder().setName(model).addVersions("1").setPlatform("onnxruntime_onnx")
                    .addInputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(served.input)
                            .setDatatype("FP32").addAllShape(java.util.Arrays.stream(served.inputShape).boxed()
                                    .toList()))
                    .addOutputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(served.output)
                            .setDatatype("FP32").addAllShape(java.util.Arrays.stream(served.outputShape).boxed()
                                    .toList()))
                    .build());
        }

        @Override
        public void modelInfer(ModelInferRequest r, StreamObserver<ModelInferResponse> out) {
            started();
            try {
                if (goneDue()) {
                    out.onError(Status.UNAVAILABLE.withDescription("shutting down").asRuntimeException());
                    new Thread(server::shutdownNow).start(); // the process died: nothing listens any more
                    return;
                }
                Status fault = inferStatus;
                if (fault != null && faultDue()) {
                    out.onError(fault.asRuntimeException());
                    return;
                }
                if (unavailable > 0) {
                    unavailable--;
                    out.onError(Status.UNAVAILABLE.withDescription("connection reset").asRuntimeException());
                    return;
                }
                if (delayMs > 0 && faultDue()) Thread.sleep(delayMs);
                ModelInferRequest.InferInputTensor in = r.getInputs(0);
                long[] shape = in.getShapeList().stream().mapToLong(Long::longValue).toArray();
                int elements = 1;
                for (long d : shape) elements *= (int) d;
                float[] x = new float[elements];
                if (r.getRawInputContentsCount() > 0) {
                    r.getRawInputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
                } else {
                    for (int i = 0; i < elements; i++) x[i] = in.getContents().getFp32Contents(i);
                }
                float[] y = served.infer(x, shape);
                if (nan) y[0] = Float.NaN;
                ModelInferResponse.InferOutputTensor.Builder o = ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName(served.output).setDatatype("FP32").addShape(wrongShape ? shape[0] + 1 : shape[0]);
                for (int i = 1; i < served.outputShape.length; i++) o.addShape(served.outputShape[i]);
                ModelInferResponse.Builder resp = ModelInferResponse.newBuilder().setModelName(model);
                // Triton answers raw contents whenever the request sent raw contents, typed ones otherwise.
                if (r.getRawInputContentsCount() > 0) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * y.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(y);
                    resp.addOutputs(o).addRawOutputContents(ByteString.copyFrom(b.array()));
                } else {
                    var contents = inference.GrpcPredictV2.InferTensorContents.newBuilder();
                    for (float v : y) contents.addFp32Contents(v);
                    resp.addOutputs(o.setContents(contents));
                }
                reply(out, resp.build());
            } catch (Exception e) {
                out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Triton's RepositoryIndexResponse with this server's one model, written field by field. */
    private void repositoryIndex(byte[] request, StreamObserver<byte[]> out) {
        try {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            CodedOutputStream e = CodedOutputStream.newInstance(entry);
            e.writeString(1, model);
            e.writeString(2, "1");
            e.writeString(3, "READY");
            e.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            CodedOutputStream a = CodedOutputStream.newInstance(all);
            a.writeByteArray(1, entry.toByteArray());
            a.flush();
            reply(out, all.toByteArray());
        } catch (IOException ex) {
            out.onError(Status.INTERNAL.asRuntimeException());
        }
    }

    private static MethodDescriptor<byte[], byte[]> repositoryIndexMethod() {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(GRPCInferenceServiceGrpc.SERVICE_NAME + "/RepositoryIndex")
                .setRequestMarshaller(KServeGrpcClient.RawBytes.INSTANCE)
                .setResponseMarshaller(KServeGrpcClient.RawBytes.INSTANCE).build();
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    /** Refuses calls without the expected bearer token when one is required. */
    private final class TokenCheck implements ServerInterceptor {
        private final Metadata.Key<String> authorization = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                           ServerCallHandler<Q, A> next) {
            calls.incrementAndGet();
            String token = requiredToken;
            if (token != null && !("Bearer " + token).equals(headers.get(authorization))) {
                call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong token"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }

    @Override
    public void close() throws ai.onnxruntime.OrtException {
        server.shutdownNow();
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        served.close();
    }
}
