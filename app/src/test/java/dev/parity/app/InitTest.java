package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.parity.harness.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parity init on models made here (a linear layer from 4 features to one logit, and to two logits) writes specs
 * that run without edits; a model with two inputs and data of the wrong shape are refused with what is wrong.
 */
class InitTest {
    @TempDir
    Path dir;

    static ValueInfoProto tensor(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder()
                .setDimParam("batch"));
        for (long d : dims) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    /** y = x W^T + b with W [outputs, 4] fixed, so that the labels below are learnable by it. */
    static Path linear(Path file, int outputs, int inputs) throws IOException {
        TensorProto.Builder w = TensorProto.newBuilder().setName("W").addDims(outputs).addDims(4)
                .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (int o = 0; o < outputs; o++) for (int i = 0; i < 4; i++) w.addFloatData(o == outputs - 1 ? 1 : -1);
        TensorProto.Builder b = TensorProto.newBuilder().setName("B").addDims(outputs)
                .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (int o = 0; o < outputs; o++) b.addFloatData(0);
        GraphProto.Builder g = GraphProto.newBuilder().setName("linear")
                .addNode(NodeProto.newBuilder().setOpType("Gemm").setName("fc").addInput("features").addInput("W")
                        .addInput("B").addOutput("scores").addAttribute(AttributeProto.newBuilder().setName("transB")
                                .setType(AttributeProto.AttributeType.INT).setI(1)))
                .addInitializer(w).addInitializer(b).addInput(tensor("features", 4)).addOutput(tensor("scores", outputs));
        if (inputs == 2) g.addInput(tensor("extra", 4));
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build();
        Files.write(file, m.toByteArray());
        return file;
    }

    /** 300 samples of 4 features; label 1 when their sum is positive (what the last output row computes). */
    void data() throws IOException {
        Random r = new Random(7);
        float[] x = new float[300 * 4];
        long[] y = new long[300];
        for (int i = 0; i < 300; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) r.nextGaussian();
                s += x[i * 4 + j];
            }
            y[i] = s + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
        }
        TestFiles.float32(dir.resolve("x.npy"), new long[] {300, 4}, x);
        TestFiles.int64(dir.resolve("y.npy"), new long[] {300}, y);
    }

    int initAndEval(CliRunner cli, Path model, String name) {
        assertEquals(0, cli.run("init", "--model", model.toString(), "--inputs", dir.resolve("x.npy").toString(),
                "--labels", dir.resolve("y.npy").toString(), "--out", dir.resolve(name + ".yaml").toString()),
                cli.stderr);
        return cli.run("eval", dir.resolve(name + ".yaml").toString(), "--out", dir.resolve(name).toString(),
                "--cache", dir.resolve("cache").toString());
    }

    @Test
    void oneLogitAndTwoLogitModelsGetSpecsThatRun() throws IOException {
        data();
        CliRunner cli = new CliRunner();
        int one = initAndEval(cli, linear(dir.resolve("one.onnx"), 1, 1), "one");
        assertTrue(one == 0 || one == 1, "runs without edits: " + cli.stderr);
        assertTrue(Files.readString(dir.resolve("one.yaml")).contains("score: {index: 0, transform: none}"));

        int two = initAndEval(cli, linear(dir.resolve("two.onnx"), 2, 1), "two");
        assertTrue(two == 0 || two == 1, "runs without edits: " + cli.stderr);
        String spec = Files.readString(dir.resolve("two.yaml"));
        assertTrue(spec.contains("score: {index: 1, transform: softmax}"), spec);
        assertTrue(spec.contains("input: features") && spec.contains("output: scores"), spec);
        assertTrue(spec.contains("onnx-fp16"), "an FP16 variant is proposed");
    }

    /** A model with four outputs per sample: a multi-class spec, labels as class ids, that runs without edits. */
    @Test
    void aKClassModelGetsAMultiClassSpecThatRuns() throws IOException {
        dev.parity.harness.ClassModel m = new dev.parity.harness.ClassModel(6, 4, 3, 1.5);
        TestFiles.float32(dir.resolve("x.npy"), new long[] {400, 6}, m.samples(400, 5));
        TestFiles.int64(dir.resolve("y.npy"), new long[] {400}, m.labels(400));
        CliRunner cli = new CliRunner();
        int code = initAndEval(cli, m.write(dir.resolve("four.onnx"), -1, -1), "four");
        assertTrue(code == 0 || code == 1, "runs without edits: " + cli.stderr);
        String spec = Files.readString(dir.resolve("four.yaml"));
        assertTrue(spec.contains("score: {transform: softmax, classes: 4}"), spec);
        assertTrue(!spec.contains("positive_label") && !spec.contains("threshold:"), spec);
        String summary = Files.readString(dir.resolve("four/summary.json"));
        assertTrue(summary.contains("\"top1_agreement\"") && summary.contains("\"reference_accuracy\""), summary);
        // exported for Triton as a classifier: its classes in labels.txt, the output's label_filename
        assertEquals(0, cli.run("export-triton", dir.resolve("four.yaml").toString(), "--run",
                dir.resolve("four").toString(), "--variant", "onnx-fp32", "--out", dir.resolve("triton").toString()),
                cli.stderr);
        assertEquals("0\n1\n2\n3\n", Files.readString(dir.resolve("triton/onnx-fp32/labels.txt")));
        assertTrue(Files.readString(dir.resolve("triton/onnx-fp32/config.pbtxt")).contains(
                "label_filename: \"labels.txt\""));
        assertTrue(cli.stdout.contains("a classifier: the top class"), cli.stdout);
        assertEquals(2, cli.run("export-triton", dir.resolve("four.yaml").toString(), "--variant", "onnx-fp32",
                "--threshold", "0.5", "--out", dir.resolve("triton2").toString()));
        assertTrue(cli.stderr.contains("a classifier ships no threshold"), cli.stderr);
        // a positive class makes no sense for it, and is refused rather than ignored
        assertEquals(2, cli.run("init", "--model", dir.resolve("four.onnx").toString(), "--inputs",
                dir.resolve("x.npy").toString(), "--labels", dir.resolve("y.npy").toString(), "--positive-label", "2",
                "--out", dir.resolve("p.yaml").toString()));
        assertTrue(cli.stderr.contains("scores 4 classes, so the spec is multi-class"), cli.stderr);
    }

    @Test
    void badModelsAndDataAreNamed() throws IOException {
        data();
        CliRunner cli = new CliRunner();
        assertEquals(2, cli.run("init", "--model", linear(dir.resolve("two-inputs.onnx"), 1, 2).toString(), "--inputs",
                dir.resolve("x.npy").toString(), "--out", dir.resolve("s.yaml").toString()));
        assertTrue(cli.stderr.contains("has 2 inputs [features, extra]; Parity evaluates models with one input"),
                cli.stderr);
        TestFiles.float32(dir.resolve("wide.npy"), new long[] {10, 5}, new float[50]);
        assertEquals(2, cli.run("init", "--model", linear(dir.resolve("m.onnx"), 1, 1).toString(), "--inputs",
                dir.resolve("wide.npy").toString(), "--out", dir.resolve("s.yaml").toString()));
        assertTrue(cli.stderr.contains("samples of shape [5] (5 values) match no input of the model: 'features' takes "
                + "[4] (4 values)"), cli.stderr);
        assertEquals(2, cli.run("init", "--model", TestFiles.demoDir().resolve("model.pt").toString(), "--inputs",
                dir.resolve("x.npy").toString(), "--out", dir.resolve("s.yaml").toString()));
        assertTrue(cli.stderr.contains("give the ONNX model"), cli.stderr);
    }

    /** --force replaces the spec init wrote, unedited; a spec edited since, or a file of the user's, never. */
    @Test
    void forceReplacesOnlyTheSpecInitWrote() throws IOException {
        data();
        CliRunner cli = new CliRunner();
        Path model = linear(dir.resolve("m.onnx"), 1, 1);
        Path spec = dir.resolve("mine.yaml");
        String[] init = {"init", "--model", model.toString(), "--inputs", dir.resolve("x.npy").toString(), "--labels",
                dir.resolve("y.npy").toString(), "--out", spec.toString()};
        assertEquals(0, cli.run(init), cli.stderr);
        assertEquals(2, cli.run(init));
        assertTrue(cli.stderr.contains("exists (Parity wrote it); give --force to replace it"), cli.stderr);
        String[] forced = java.util.stream.Stream.concat(java.util.Arrays.stream(init), java.util.stream.Stream.of(
                "--force")).toArray(String[]::new);
        assertEquals(0, cli.run(forced), cli.stderr);
        Files.writeString(spec, Files.readString(spec).replace("target_precision: 0.9", "target_precision: 0.95"));
        assertEquals(2, cli.run(forced));
        assertTrue(cli.stderr.contains("Parity did not write it as it is now (it was changed since)"), cli.stderr);
        assertTrue(Files.readString(spec).contains("target_precision: 0.95"), "the user's edit is kept");
        Path theirs = Files.writeString(dir.resolve("theirs.yaml"), "name: hand-written\n");
        String[] overTheirs = forced.clone();
        overTheirs[overTheirs.length - 2] = theirs.toString();
        assertEquals(2, cli.run(overTheirs));
        assertEquals("name: hand-written\n", Files.readString(theirs), "before: --force replaced it");
    }
}
