package dev.parity.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.SeededFault;
import dev.parity.harness.output.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parity repair from the command line, next to a run: a variant with a seeded fault is repaired, repair-V.json and
 * localise-V.json land in the run folder, and its report is re-rendered once to show them.
 */
class RepairCliTest {
    @TempDir
    Path dir;

    @Test
    void aSeededFaultIsRepairedNextToTheRun() throws IOException {
        Path cache = dir.resolve("cache");
        Path spec = SeededFault.spec(dir, cache, 1000);
        Path run = dir.resolve("run");
        CliRunner cli = new CliRunner();
        int code = cli.run("eval", spec.toString(), "--out", run.toString(), "--cache", cache.toString(), "-q",
                "--no-history", "--speed-probe-ms", "0");
        assertEquals(1, code, "the faulty variant fails its gates: " + cli.stdout + cli.stderr);

        long rendered = HtmlReport.renders();
        assertEquals(0, cli.run("repair", spec.toString(), "--variant", "faulty", "--out", run.toString(),
                "--cache", cache.toString(), "-q", "--samples", "256", "--candidates", "6", "--budget-trials", "4",
                "--speed-probe-ms", "0"), cli.stdout + cli.stderr);
        assertTrue(Files.isRegularFile(run.resolve("repair-faulty.json")));
        assertTrue(Files.isRegularFile(run.resolve("localise-faulty.json")));
        assertTrue(cli.stdout.contains(SeededFault.LAYER), "the seeded layer is named: " + cli.stdout);
        assertTrue(cli.stdout.contains("Wrote " + run.resolve("repair-faulty.json")), cli.stdout);
        assertEquals(1, HtmlReport.renders() - rendered, "the run's report is re-rendered once");
        assertTrue(Files.readString(run.resolve("report.html")).contains("parity repair"), "and shows the repair");
        // the folder stays Parity's: eval may replace it again
        assertEquals(code, cli.run("eval", spec.toString(), "--out", run.toString(), "--cache", cache.toString(),
                "-q", "--no-history", "--speed-probe-ms", "0"), cli.stderr);
    }
}
