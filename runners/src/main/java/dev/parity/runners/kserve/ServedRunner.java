package dev.parity.runners.kserve;

import dev.parity.runners.Batch;
import dev.parity.runners.InvalidModelException;
import dev.parity.runners.ModelContract;
import dev.parity.runners.ModelSignature;
import dev.parity.runners.Outputs;
import dev.parity.runners.Runner;

/**
 * What the HTTP and gRPC runners share once connected and checked: the variant's name, the signature the server
 * reported, and the fan-out of each batch into requests whose answers are placed back by sample index. A
 * protocol supplies how one request is sent and how its connection is released.
 */
abstract class ServedRunner extends Runner {
    final KServeSettings settings;
    /** The spec's contract with the tensors named as the server names them. */
    final ModelContract contract;
    private final String serverVersion;
    private final RequestFanOut fanOut;

    /**
     * @param where the server and model, for messages
     * @throws InvalidModelException when the server's metadata differs from the spec, saying which keys map names
     */
    ServedRunner(String name, KServeSettings settings, ModelContract contract, ModelSignature signature,
                 String serverVersion, String where) {
        super(name, contract, ServedSignature.checked(where, signature, contract, settings), where);
        this.settings = settings;
        this.contract = contract;
        this.serverVersion = serverVersion;
        this.fanOut = new RequestFanOut(name, settings);
    }

    /** One request for samples [start, start + count) of the batch; returns count x k floats. */
    abstract float[] infer(Batch batch, int start, int count, int perSample) throws Exception;

    /** Releases the protocol's connection. */
    abstract void disconnect();

    @Override
    public String runtimeVersion() {
        return serverVersion;
    }

    /**
     * Splits the batch into requests, sends up to {@code concurrency} at once, and reassembles by index; the time
     * counted is the requests' (the server's work as seen from here).
     */
    @Override
    protected Outputs runImpl(Batch batch) {
        int perSample = batch.data().length / batch.size();
        return timed(() -> fanOut.run(batch, contract.outputName(),
                (start, count) -> infer(batch, start, count, perSample)));
    }

    @Override
    protected void closeImpl() {
        fanOut.close();
        disconnect();
    }
}
