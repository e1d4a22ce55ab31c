package dev.parity.app;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunFolder;
import dev.parity.harness.results.RunSummary;
import dev.parity.harness.run.EvaluationResult;
import dev.parity.harness.run.HostJoin;
import dev.parity.harness.pipeline.DefaultDirs;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity join SPEC RUN...}: the same spec run on several hosts, as one comparison of variant x host. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Joins runs of one spec on one dataset made on different machines (each a folder 'parity "
                + "eval' wrote) into one comparison: every variant once per host (onnx-int8@host-a, "
                + "onnx-int8@host-b), all held to the first host's reference with the spec's gates, and the flips "
                + "between each variant's hosts.",
                "Speed is not compared across hosts (their machines differ): the candidate closest to the reference "
                        + "ships. Refused unless the runs ran the same tool version, spec, dataset and model files."})
final class JoinCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The eval spec the runs ran.")
    Path spec;

    @Parameters(index = "1..*", arity = "2..*", paramLabel = "RUN", description = "The run folders, one per host; "
            + "the first one's reference is the reference.")
    List<Path> runs;

    @Option(names = "--hosts", split = ",", paramLabel = "NAME,...", description = "One name per run, in order "
            + "(letters, digits, '.', '_', '-'). Default: the run folders' names.")
    List<String> hosts;

    @Mixin
    RunFolderOption runFolder = new RunFolderOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        ResolvedSpec resolved = SpecLoader.load(spec);
        List<String> names = hosts != null ? hosts : runs.stream().map(r -> r.toAbsolutePath().normalize()
                .getFileName().toString()).toList();
        for (String h : names) {
            if (!h.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new ParityInputException("--hosts: '" + h + "' must be letters, digits, '.', '_' or '-' (it "
                        + "becomes part of variant names)");
            }
        }
        List<Map<String, String>> hostOf = new ArrayList<>();
        for (Path run : runs) hostOf.add(howEachVariantRan(run));
        Path outDir = runFolder.dir != null ? runFolder.dir : Path.of(DefaultDirs.run(resolved.name()) + "-joined");
        HostJoin.Joined joined = HostJoin.join(resolved, runs, names, hostOf);
        // speed is not compared across machines, and a join is not a run of the spec: no probe, no record
        RunSession.Finished run = RunSession.run(joined.spec(), RunSession.joined(joined.scored()),
                RunSession.Settings.defaults(m -> { }, command.commandLine().getErr()::println).withFolder(outDir)
                        .withStore(null, false).withSpeedProbe(0));
        PrintWriter o = command.commandLine().getOut();
        o.print(run.table());
        o.print(acrossHosts(resolved, names, run.result()));
        o.flush();
        return run.exitCode();
    }

    /** variant -> "CPU: how it ran", from the run's summary.json (the provenance a join keeps per host). */
    private static Map<String, String> howEachVariantRan(Path run) {
        Map<String, String> how = new HashMap<>();
        Path file = new RunFolder(run).summary();
        if (!Files.isRegularFile(file)) return how;
        RunSummary s = RunFileCodec.readSummary(file);
        String cpu = s.environment().cpu() + (s.environment().cpuSignature() == null ? ""
                : " (" + s.environment().cpuSignature() + ")");
        for (RunSummary.VariantInfo v : s.variants()) {
            how.put(v.name(), cpu + (v.host() == null ? "" : ": " + v.host()));
        }
        return how;
    }

    /** For each variant, its verdict flips and largest score difference between the first host and each other. */
    private static String acrossHosts(ResolvedSpec spec, List<String> hosts, EvaluationResult r) {
        StringBuilder b = new StringBuilder("\nAcross hosts (each variant against itself on " + hosts.get(0)
                + ", at the reference threshold " + Format.threshold(r.threshold()) + "):\n");
        for (HostJoin.HostDrift d : HostJoin.acrossHosts(spec, hosts, r)) {
            String name = d.variant() + "@" + d.host();
            b.append(d.flips() == null ? String.format(Locale.ROOT, "  %-24s not compared: it did not run on both "
                    + "hosts%n", name) : String.format(Locale.ROOT, "  %-24s %d flip(s) vs %s, max|diff| %.3g%n", name,
                    d.flips(), d.firstHost(), d.maxAbsDiff()));
        }
        return b.toString();
    }
}
