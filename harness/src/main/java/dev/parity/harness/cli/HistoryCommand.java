package dev.parity.harness.cli;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity history DIR...}: the trend of key figures over many runs, as a table and a chart. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Reads summary.json of many runs (each DIR is a run folder, or a folder of run folders), "
                + "orders them by start time, and prints per run the recommendation and each variant's agreement "
                + "at the reference threshold. --chart writes the agreement trend as a PNG."})
final class HistoryCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run folders, or folders holding run folders.")
    List<Path> dirs;

    @Option(names = "--chart", paramLabel = "PNG", description = "Write the agreement trend chart here.")
    Path chart;

    @Spec
    CommandSpec command;

    record Run(String name, String startedAt, String recommended, Map<String, Double> agreement) {
    }

    @Override
    public Integer call() throws Exception {
        List<Run> runs = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isRegularFile(d.resolve(RunFileCodec.SUMMARY))) {
                runs.add(read(d));
            } else if (Files.isDirectory(d)) {
                try (Stream<Path> children = Files.list(d)) {
                    for (Path c : children.sorted().toList()) {
                        if (Files.isRegularFile(c.resolve(RunFileCodec.SUMMARY))) runs.add(read(c));
                    }
                }
            } else {
                throw new ParityInputException(d + ": not a run folder (no summary.json) nor a folder of them");
            }
        }
        if (runs.isEmpty()) {
            throw new ParityInputException(dirs + ": no summary.json found");
        }
        runs.sort(Comparator.comparing(Run::startedAt));
        TreeSet<String> variants = new TreeSet<>();
        runs.forEach(r -> variants.addAll(r.agreement().keySet()));
        PrintWriter out = command.commandLine().getOut();
        StringBuilder header = new StringBuilder(String.format("%-24s %-22s %-16s", "run", "started", "recommended"));
        for (String v : variants) header.append(String.format(" %14s", v));
        out.println(header);
        for (Run r : runs) {
            StringBuilder line = new StringBuilder(String.format("%-24s %-22s %-16s", r.name(),
                    r.startedAt().length() > 19 ? r.startedAt().substring(0, 19) : r.startedAt(), r.recommended()));
            for (String v : variants) {
                Double a = r.agreement().get(v);
                line.append(String.format(Locale.ROOT, " %14s", a == null ? "-" : String.format(Locale.ROOT, "%.3f%%", 100 * a)));
            }
            out.println(line);
        }
        if (chart != null) {
            XYChart c = new XYChartBuilder().width(800).height(420).title("Agreement with the reference over runs")
                    .xAxisTitle("run (oldest first)").yAxisTitle("agreement at the reference threshold (%)").build();
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            for (String v : variants) {
                List<Double> x = new ArrayList<>(), y = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    Double a = runs.get(i).agreement().get(v);
                    if (a != null) {
                        x.add((double) i + 1);
                        y.add(100 * a);
                    }
                }
                if (!x.isEmpty()) c.addSeries(v, x, y);
            }
            Path tmp = Files.createTempFile(chart.toAbsolutePath().getParent(), ".history", ".png");
            BitmapEncoder.saveBitmap(c, tmp.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
            Files.move(tmp, chart, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.println("Wrote " + chart.toAbsolutePath().normalize());
        }
        out.flush();
        return ParityCli.OK;
    }

    /** One run, read through the record that wrote its summary.json. */
    private static Run read(Path dir) {
        RunSummary s = RunFileCodec.readSummary(dir.resolve(RunFileCodec.SUMMARY));
        Map<String, Double> agreement = new LinkedHashMap<>();
        for (RunSummary.VariantInfo v : s.variants()) {
            if (v.atReferenceThreshold() != null) agreement.put(v.name(), v.atReferenceThreshold().agreement());
        }
        return new Run(dir.getFileName().toString(), s.run().startedAt(), s.decision().recommendation().variant(),
                agreement);
    }
}
