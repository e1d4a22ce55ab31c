package dev.parity.harness.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.parity.convert.OnnxModels;
import dev.parity.harness.SeededFault;
import dev.parity.harness.results.LocaliseReport;
import dev.parity.harness.results.RepairReport;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault seeded into one layer of the demo CNN's INT8 model: the output scale of /stage2/conv1/Conv (its ReLU is
 * folded into that quantization) shrunk 20x, so the layer's activations clip. The faulty model is a foreign QDQ
 * variant made from onnx-fp32. Localisation must rank that layer first by attributed gain, and repair must keep
 * exactly that layer in FP32 and pass.
 */
class SeededFaultTest {
    static final String LAYER = SeededFault.LAYER;

    @TempDir
    Path tmp;

    @Test
    void theFaultyLayerIsFoundAndKeptInFp32() throws IOException {
        // -Dseeded.dir=DIR keeps the models for a look
        Path dir = System.getProperty("seeded.dir") != null ? Path.of(System.getProperty("seeded.dir")) : tmp;
        Path cache = dir.resolve("cache");
        ResolvedSpec spec = SpecLoader.load(SeededFault.spec(dir, cache, 2000));
        Localisation.Found found = Localisation.localise(spec, "faulty", cache, 256, 6, s -> { });
        LocaliseReport l = found.report();
        assertEquals("qdq", l.kind());
        assertTrue(l.probeFlips() > 5, "the seeded fault flips verdicts: " + l.probeFlips());
        LocaliseReport.Attribution top = l.attribution().get(0);
        assertEquals(LAYER, top.node(), "ranked first by attributed gain: " + l.attribution());
        assertTrue(top.fixed() >= l.probeFlips() - 2, "keeping it fixes (nearly) every flip: " + top);

        RepairReport r = Localisation.repair(found, 0.995, 4, 0, 20, "faulty-repaired", s -> { });
        assertTrue(r.passed(), "repair passes: " + r.trials());
        assertEquals(List.of(LAYER), r.trials().get(r.chosen()).keptFp32(), "keeps exactly that layer");
        // the fragment, pasted under a spec's variants, is the repaired model made from the same source
        assertTrue(r.fragment().startsWith("  - {name: faulty-repaired, runtime: onnxruntime, artifact: " + r.model()
                + ", from: onnx-fp32}   # "), r.fragment());
        assertTrue(Files.isRegularFile(Path.of(r.model())));

        // the same faulty model with every intermediate tensor renamed, as other tools do: matched by position
        Path faulty = dir.resolve("faulty.onnx");
        ModelProto faultyModel = OnnxModels.read(faulty);
        var fg = faultyModel.getGraph();
        java.util.Set<String> keep = new java.util.HashSet<>(dev.parity.convert.Graphs.sources(fg));
        fg.getOutputList().forEach(v -> keep.add(v.getName()));
        var rb = fg.toBuilder().clearNode();
        for (var n : fg.getNodeList()) {
            var nb = n.toBuilder().clearInput().clearOutput();
            for (String i : n.getInputList()) nb.addInput(keep.contains(i) || i.isEmpty() ? i : "t_" + i);
            for (String o : n.getOutputList()) nb.addOutput(keep.contains(o) ? o : "t_" + o);
            rb.addNode(nb);
        }
        Path renamed = dir.resolve("renamed.onnx");
        OnnxModels.write(faultyModel.toBuilder().setGraph(rb).build(), renamed);
        ResolvedSpec spec2 = SpecLoader.load(Files.writeString(dir.resolve("renamed.yaml"),
                Files.readString(dir.resolve("spec.yaml")).replace("name: faulty", "name: renamed")
                        .replace(faulty.toString(), renamed.toString())));
        LocaliseReport byPosition = Localisation.localise(spec2, "renamed", cache, 128, 0, s -> { }).report();
        assertTrue(byPosition.matchedByPosition() >= 10, "paired by graph position: " + byPosition.matchedByPosition());
        // the layer's ReLU was folded into its quantization: the fault shows on the ReLU's row (compared after it)
        LocaliseReport.Tensor faultyTensor = byPosition.tensors().stream()
                .filter(t -> t.node().equals("/stage2/Relu")).findFirst().orElseThrow();
        assertTrue(faultyTensor.sqnrDb() != null && faultyTensor.sqnrDb() < 10, "the fault shows at its layer: "
                + faultyTensor);
    }
}
