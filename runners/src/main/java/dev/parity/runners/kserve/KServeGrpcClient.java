package dev.parity.runners.kserve;

import dev.parity.runners.InvalidModelException;
import inference.GRPCInferenceServiceGrpc;
import inference.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.util.Locale;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls to a KServe v2 gRPC server (inference.GRPCInferenceService) with bounded retries: UNAVAILABLE (a server
 * that is starting or overloaded, a dropped connection) and DEADLINE_EXCEEDED are retried with exponential backoff
 * (100 ms, 200 ms, ...); UNAUTHENTICATED and PERMISSION_DENIED are answered at once. Header values (tokens) appear
 * in no message.
 */
final class KServeGrpcClient implements AutoCloseable {
    /** Triton's RepositoryIndex: not in the KServe v2 protocol, so it is called with raw bytes (see ModelIndex). */
    private static final MethodDescriptor<byte[], byte[]> REPOSITORY_INDEX = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(GRPCInferenceServiceGrpc.SERVICE_NAME,
                    "RepositoryIndex"))
            .setRequestMarshaller(RawBytes.INSTANCE)
            .setResponseMarshaller(RawBytes.INSTANCE)
            .build();

    private final KServeSettings settings;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceBlockingStub stub;

    KServeGrpcClient(KServeSettings settings) {
        this.settings = settings;
        int port = settings.url().getPort() < 0 ? 8001 : settings.url().getPort();
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(settings.url().getHost(), port)
                .maxInboundMessageSize(1 << 30);
        if (!"grpcs".equals(settings.url().getScheme())) {
            b.usePlaintext();
        } else if (settings.tlsCa() == null) {
            b.useTransportSecurity();
        } else {
            try {
                b.sslContext(GrpcSslContexts.forClient().trustManager(settings.tlsCa().toFile()).build());
            } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
                throw new InvalidModelException(settings.tlsCa() + ": cannot read the trusted certificates: "
                        + e.getMessage());
            }
        }
        Metadata headers = new Metadata();
        settings.headers().forEach((k, v) ->
                headers.put(Metadata.Key.of(k.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER), v));
        this.channel = b.intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
        this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    /**
     * Makes one call, retrying what can pass.
     *
     * @param what the RPC's name, for messages
     * @throws ServerUnreachable      the server did not answer within the retries
     * @throws InvalidModelException  the server refused the credentials
     * @throws StatusRuntimeException any other status, for the caller to explain
     */
    <T> T call(String what, Function<GRPCInferenceServiceBlockingStub, T> rpc)
            throws ServerUnreachable, InterruptedException {
        String last = "no attempt";
        Throwable cause = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) Thread.sleep(100L << Math.min(attempt - 1, 6));
            if (Thread.interrupted()) throw new InterruptedException();
            try {
                return rpc.apply(stub.withDeadlineAfter(settings.timeout().toMillis(), TimeUnit.MILLISECONDS));
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
                    throw new InvalidModelException(settings.where() + " " + what + ": the server refused the "
                            + "credentials (" + code + "); check the header values (e.g. the token's environment "
                            + "variable); not retried");
                }
                for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                    if (c instanceof javax.net.ssl.SSLException) throw TrustedCertificates.refused(settings, c);
                }
                if (code == Status.Code.UNAVAILABLE) {
                    last = "UNAVAILABLE" + (e.getStatus().getDescription() == null ? ""
                            : " (" + e.getStatus().getDescription() + ")");
                } else if (code == Status.Code.DEADLINE_EXCEEDED) {
                    last = "no answer within " + settings.timeout().toMillis() + " ms";
                } else {
                    throw e;
                }
                cause = e;
            }
        }
        throw new ServerUnreachable(settings.where() + " " + what + ": " + last + " after " + (settings.retries() + 1)
                + " attempt(s)", cause);
    }

    /** The serialized RepositoryIndexResponse, or null when the server does not offer the call. */
    byte[] repositoryIndex() {
        try {
            return ClientCalls.blockingUnaryCall(channel, REPOSITORY_INDEX,
                    CallOptions.DEFAULT.withDeadlineAfter(settings.timeout().toMillis(), TimeUnit.MILLISECONDS),
                    new byte[0]);
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    /** Messages passed through as their serialized bytes. */
    static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        static final RawBytes INSTANCE = new RawBytes();

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("cannot read a message: " + e.getMessage()).asRuntimeException();
            }
        }
    }
}
