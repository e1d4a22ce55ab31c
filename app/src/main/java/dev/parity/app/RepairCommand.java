package dev.parity.app;

import dev.parity.harness.pipeline.LocaliseSession;
import dev.parity.harness.pipeline.RunRefresh;
import dev.parity.harness.ParityInputException;
import dev.parity.harness.output.LocaliseTable;
import dev.parity.harness.output.TerminalTable;
import dev.parity.harness.results.Format;
import dev.parity.harness.results.RepairReport;
import dev.parity.harness.pipeline.RunSession;
import dev.parity.harness.spec.ResolvedSpec;
import dev.parity.harness.spec.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity repair SPEC --variant NAME}: the fewest nodes in FP32 for the variant to pass, the fastest such. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Localises the variant, then keeps nodes in FP32 in the order attribution ranks them (each "
                + "trial made, scored on the whole dataset and held to the spec's gates) until one passes; every "
                + "trial is timed side by side with the variant and its source. Writes repair-VARIANT.json and the "
                + "localisation into the run folder and prints the variant to add to the spec. Exit 0 when a trial "
                + "passes, 1 when none does within the budget (the closest one is reported)."})
final class RepairCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC")
    Path spec;

    @Option(names = "--variant", required = true, paramLabel = "NAME", description = "The variant to repair (an "
            + "INT8 or FP16 variant of the spec).")
    String variant;

    @Option(names = "--min-agreement", paramLabel = "A", description = "Also require agreement >= A at the "
            + "reference threshold (the spec's gates always apply).")
    Double minAgreement;

    @Option(names = "--budget-trials", paramLabel = "N", defaultValue = "12",
            description = "At most N trials (default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--budget-seconds", paramLabel = "S", defaultValue = "0",
            description = "Stop starting trials after S seconds; 0: no limit.")
    long seconds;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "16",
            description = "Nodes attribution ranks and repair may keep (default ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "512", description = "Probe samples for attribution.")
    int samples;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the repaired variant (default: "
            + "VARIANT-repaired).")
    String name;

    @Option(names = "--speed-probe-ms", paramLabel = "MS", description = "Time per model in the speed probe.")
    Long speedMillis;

    @Mixin
    CacheOption cache = new CacheOption();

    @Mixin
    HeadOption head = new HeadOption();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Mixin
    RunFolderOption runFolder = new RunFolderOption();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ResolvedSpec resolved = head.apply(SpecLoader.load(spec));
        if (minAgreement != null && !(minAgreement > 0 && minAgreement <= 1)) {
            throw new ParityInputException("--min-agreement must be in (0, 1], found " + minAgreement);
        }
        if (trials < 1) throw new ParityInputException("--budget-trials must be >= 1, found " + trials);
        LocaliseSession.Repaired done = LocaliseSession.repair(new LocaliseSession.Request(spec, resolved, variant,
                runFolder.dir, cache.dir(), samples, Math.max(1, candidates),
                quiet.progress(command.commandLine().getErr())), minAgreement, trials, seconds,
                speedMillis != null ? speedMillis : RunSession.DEFAULT_SPEED_PROBE_MILLIS, name);
        PrintWriter o = command.commandLine().getOut();
        o.print(LocaliseTable.render(done.localised()));
        o.println();
        if (done.repair() == null) {
            o.println(variant + " flips no verdict at the reference threshold: nothing to repair (its gates are in "
                    + "parity eval's report; --min-agreement asks for a search anyway)");
            o.flush();
            return 0;
        }
        o.print(render(done.repair()));
        RunRefresh.Outcome r = done.refreshed();
        o.println("Wrote " + done.file() + (r.refreshed() ? "; " + r.message() : ""));
        o.flush();
        return done.repair().passed() ? 0 : 1;
    }

    static String render(RepairReport r) {
        TerminalTable t = new TerminalTable("trial", "kept in FP32", "agreement", "flips", "recalibrated", "gates",
                "samples/s");
        java.util.Set<String> before = new java.util.HashSet<>();
        for (RepairReport.Trial x : r.trials()) {
            // each trial as what it adds to the previous one (greedy) or the set it tries (bisection)
            java.util.List<String> added = new java.util.ArrayList<>(x.keptFp32());
            added.removeAll(before);
            String kept = added.size() == 1 && x.keptFp32().size() == before.size() + 1
                    ? "+" + added.get(0) + " (" + x.keptFp32().size() + ")" : String.join(", ", x.keptFp32());
            before.clear();
            before.addAll(x.keptFp32());
            t.row((r.chosen() != null && r.chosen() == x.index() ? "* " : "") + x.index(), kept,
                    Format.pct(x.agreement()), Long.toString(x.flips()), Format.pct(x.agreementRecalibrated()),
                    x.passes() ? "pass" : "fail: " + String.join(", ", x.failedGates()), speed(x.speed()));
        }
        StringBuilder sb = new StringBuilder("Repair of ").append(r.variant()).append(" (").append(r.kind())
                .append("): trials, each on the whole dataset; * is the result\n").append(t.render());
        sb.append(String.format(Locale.ROOT, "%s as it is: %s samples/s; its FP32 source: %s samples/s (speed probe, "
                + "side by side)%n", r.variant(), speed(r.original()), speed(r.source())));
        if (r.chosen() == null) {
            sb.append("No trial ran.\n");
        } else if (r.passed()) {
            sb.append("Passes: add this variant to the spec (the trial's model: ").append(r.model())
                    .append(")\n").append(r.fragment()).append('\n');
        } else {
            sb.append("No trial passes within the budget; the closest is trial ").append(r.chosen())
                    .append(" (its model is kept: ").append(r.model()).append("):\n").append(r.fragment()).append('\n');
        }
        return sb.toString();
    }

    private static String speed(dev.parity.harness.results.Speed s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", s.value(), s.low(), s.high());
    }
}
