package dev.parity.runners.kserve;

import java.nio.file.Path;

/**
 * Serves an ONNX model over KServe v2 HTTP and gRPC on 127.0.0.1 until killed, with the loopback test servers;
 * scripts/remote-bench.sh measures Parity's remote runners against it. Arguments: MODEL.onnx HTTP_PORT GRPC_PORT.
 */
public final class LoopbackServers {
    private LoopbackServers() {
    }

    public static void main(String[] args) throws Exception {
        Path onnx = Path.of(args[0]);
        KServeTestServer http = new KServeTestServer("coat", onnx, Integer.parseInt(args[1]));
        KServeGrpcTestServer grpc = new KServeGrpcTestServer("coat", onnx, Integer.parseInt(args[2]));
        System.out.println("serving 'coat' at " + http.url() + " and " + grpc.url());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                http.close();
                grpc.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }));
        Thread.currentThread().join();
    }
}
