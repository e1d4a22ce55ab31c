package dev.parity.runners.selfcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.parity.runners.selfcheck.ProbeNet.AvgPool;
import dev.parity.runners.selfcheck.ProbeNet.BatchNorm;
import dev.parity.runners.selfcheck.ProbeNet.Conv;
import dev.parity.runners.selfcheck.ProbeNet.Flatten;
import dev.parity.runners.selfcheck.ProbeNet.Layer;
import dev.parity.runners.selfcheck.ProbeNet.Linear;
import dev.parity.runners.selfcheck.ProbeNet.MaxPool;
import dev.parity.runners.selfcheck.ProbeNet.Relu;
import dev.parity.runners.selfcheck.ProbeNet.Residual;

/**
 * The probes through libtorch (DJL's PyTorch engine), op by op: aten's convolution, batch norm, pooling and linear,
 * the kernels (oneDNN's among them) a TorchScript model's forward reaches on this CPU.
 */
final class TorchProbes implements ProbeRuntime {
    private final String version;

    TorchProbes() {
        System.setProperty("ai.djl.offline", "true");
        Engine engine = Engine.getEngine("PyTorch");
        this.version = "pytorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public float[] forward(ProbeNet net) {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            JniUtils.setGradMode(false);
            NDArray x = m.create(net.input(), new Shape(net.shape()));
            for (Layer l : net.layers()) x = apply(m, l, x);
            return x.toFloatArray();
        }
    }

    private static NDArray apply(NDManager m, Layer layer, NDArray x) {
        if (layer instanceof Conv c) {
            NDArray w = m.create(c.weight(), new Shape(c.out(), c.in() / c.groups(), c.k(), c.k()));
            return x.getNDArrayInternal().convolution(x, w, m.create(c.bias()), new Shape(c.stride(), c.stride()),
                    new Shape(c.pad(), c.pad()), new Shape(1, 1), c.groups()).singletonOrThrow();
        }
        if (layer instanceof BatchNorm b) {
            return x.getNDArrayInternal().batchNorm(x, m.create(b.mean()), m.create(b.var()), m.create(b.gamma()),
                    m.create(b.beta()), 1, 0.1f, b.eps(), false).singletonOrThrow();
        }
        if (layer instanceof Relu) return ai.djl.nn.Activation.relu(x);
        if (layer instanceof MaxPool p) {
            return x.getNDArrayInternal().maxPool(new Shape(p.k(), p.k()), new Shape(p.stride(), p.stride()),
                    new Shape(0, 0), false);
        }
        if (layer instanceof AvgPool p) {
            return x.getNDArrayInternal().avgPool(new Shape(p.k(), p.k()), new Shape(p.stride(), p.stride()),
                    new Shape(0, 0), false, true);
        }
        if (layer instanceof Flatten) return x.reshape(x.getShape().get(0), -1);
        if (layer instanceof Linear l) {
            NDArray w = m.create(l.weight(), new Shape(l.out(), l.in()));
            return x.getNDArrayInternal().linear(x, w, m.create(l.bias())).singletonOrThrow();
        }
        NDArray body = x;
        for (Layer inner : ((Residual) layer).body()) body = apply(m, inner, body);
        return x.add(body);
    }
}
