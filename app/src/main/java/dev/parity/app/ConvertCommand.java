package dev.parity.app;

import dev.parity.common.AtomicFiles;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.RunFolders;
import dev.parity.harness.results.Json;
import dev.parity.harness.results.MadeVariant;
import dev.parity.harness.run.VariantMaker;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity convert SPEC}: makes the spec's variants (FP16, INT8, TensorRT) without evaluating them. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Makes the variants a spec describes with 'from' and 'convert' (FP16, INT8 QDQ, TensorRT "
                + "engines) from their ONNX source, and prints where each went and what the converter reported.",
                "Made files are cached by content (source, settings, calibration set); an unchanged variant is "
                        + "reused. 'parity eval' makes them the same way, so this is for inspecting or shipping them."})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The eval spec (YAML).")
    Path spec;

    @Option(names = "--variant", paramLabel = "NAME",
            description = "Make only this variant (and what it is made from); repeatable. Default: all made variants.")
    List<String> variants = new ArrayList<>();

    @Mixin
    CacheOption cache = new CacheOption();

    @Option(names = "--copy-to", paramLabel = "DIR", description = "Also copy each made file here, named after "
            + "its variant (e.g. onnx-int8.onnx). The folder must be new, empty, or one Parity wrote.")
    Path copyTo;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ResolvedSpec resolved = SpecLoader.load(spec);
        for (String name : variants) {
            ResolvedSpec.Variant v = resolved.requireVariant(name, "--variant");
            if (!v.made()) {
                throw new ParityInputException("--variant " + name + ": this variant is a given file ("
                        + v.artifact() + "), not one Parity makes");
            }
        }
        ResolvedSpec selected = variants.isEmpty() ? resolved : resolved.withVariants(resolved.withSources(variants));
        if (copyTo != null) RunFolders.requireOurs(copyTo, "--copy-to");
        PrintWriter err = command.commandLine().getErr();
        VariantMaker.Result result = VariantMaker.make(selected, cache.dir(),
                m -> err.println("[parity] " + m));
        PrintWriter out = command.commandLine().getOut();
        for (Map.Entry<String, MadeVariant> e : result.made().entrySet()) {
            MadeVariant m = e.getValue();
            Path file = Path.of(m.artifact());
            if (copyTo != null) {
                Path dest = copyTo.resolve(e.getKey() + fileExtension(file));
                Path copied = file;
                AtomicFiles.write(dest, tmp -> Files.copy(copied, tmp, StandardCopyOption.REPLACE_EXISTING));
                RunFolders.add(copyTo, dest.getFileName().toString());
                file = dest;
            }
            out.printf("%s: %s%s%n  made from %s by %s; settings %s%n", e.getKey(), file,
                    m.reused() ? " (reused)" : "", m.from(), m.converter(), Json.MAPPER.writeValueAsString(m.settings())
                            .replaceAll("\\s+", " "));
            if (!m.report().isEmpty()) {
                out.printf("  report %s%n", Json.MAPPER.writeValueAsString(m.report()).replaceAll("\\s+", " "));
            }
        }
        result.unavailable().forEach((name, why) -> out.printf("%s: unavailable: %s%n", name, why));
        out.flush();
        return ParityCli.OK;
    }

    private static String fileExtension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot);
    }
}
