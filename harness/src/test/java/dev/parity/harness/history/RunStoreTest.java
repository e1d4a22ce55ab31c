package dev.parity.harness.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.TestFiles;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run store, read back with plain JDBC as README documents it: runs recorded twice give two rows per variant,
 * two processes writing at once both land, foreign and damaged files are refused untouched, and --baseline
 * last-passing skips a failing run.
 */
class RunStoreTest {
    @TempDir
    static Path dir;
    static Path summaryFile;
    static RunSummary summary;

    @BeforeAll
    static void oneRealRun() throws IOException {
        TestFiles.demoSubset(dir, 300);
        Path spec = TestFiles.subsetSpec(dir, "store-test", "", "  - {name: onnx-fp16, runtime: onnxruntime, "
                + "from: onnx-fp32, convert: {precision: fp16}}\n");
        int code = dev.parity.harness.pipeline.RunSession.run(dev.parity.harness.spec.SpecLoader.load(spec),
                dev.parity.harness.pipeline.RunSession.scoring(false), dev.parity.harness.pipeline.RunSession.Settings
                        .defaults(m -> { }, m -> { }).withFolder(dir.resolve("run")).withCache(dir.resolve("cache"))
                        .withStore(null, false).withSpeedProbe(0)).exitCode();
        assertTrue(code == 0 || code == 1);
        summaryFile = dir.resolve("run/summary.json");
        summary = RunFileCodec.readSummary(summaryFile);
    }

    static List<String> rows(Path db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) b.append(i > 1 ? "|" : "").append(r.getString(i));
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void twoRunsGiveTwoRowsPerVariantReadableWithPlainJdbc() throws Exception {
        Path db = dir.resolve("two.sqlite");
        try (RunStore store = RunStore.open(db)) {
            store.record(summary, 0, dir.resolve("run"));
            store.record(summary, 1, dir.resolve("run-again"));
            store.record(summary, 1, dir.resolve("run")); // the same run, re-decided: it replaces the first record
        }
        assertEquals(List.of("2|store-test|1", "3|store-test|1"), rows(db, "SELECT id, spec_name, exit_code FROM runs "
                + "ORDER BY id"));
        assertEquals(List.of("onnx-fp16|2", "onnx-fp32|2"), rows(db, "SELECT name, count(*) FROM variants GROUP BY "
                + "name ORDER BY name"));
        List<String> gates = rows(db, "SELECT count(*) FROM gates WHERE run_id = 3");
        assertEquals(String.valueOf(summary.decision().gates().size()), gates.get(0));
        assertEquals(List.of("1"), rows(db, "PRAGMA user_version"));
        assertEquals(List.of("wal"), rows(db, "PRAGMA journal_mode"));
    }

    @Test
    void twoProcessesWritingAtOnceBothLand() throws Exception {
        Path db = dir.resolve("concurrent.sqlite");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (String tag : List.of("a", "b")) {
            ps.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RecordMany.class.getName(),
                    db.toString(), summaryFile.toString(), "15", tag).redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
        }
        assertEquals(List.of("30"), rows(db, "SELECT count(*) FROM runs"));
        assertEquals(List.of("60"), rows(db, "SELECT count(*) FROM variants"));
    }

    @Test
    void foreignAndDamagedFilesAreRefusedAndLeftAlone() throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.sqlite"), "my notes, not a database\n");
        byte[] before = Files.readAllBytes(junk);
        ParityInputException e = assertThrows(ParityInputException.class, () -> RunStore.open(junk));
        assertTrue(e.getMessage().contains("not a SQLite database"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(junk));

        Path other = dir.resolve("other.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id INTEGER, owner TEXT)");
        }
        byte[] otherBefore = Files.readAllBytes(other);
        e = assertThrows(ParityInputException.class, () -> RunStore.open(other));
        assertTrue(e.getMessage().contains("a SQLite database of another program"), e.getMessage());
        assertArrayEquals(otherBefore, Files.readAllBytes(other));

        Path newer = dir.resolve("newer.sqlite");
        try (RunStore s = RunStore.open(newer)) {
            s.record(summary, 0, dir);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        e = assertThrows(ParityInputException.class, () -> RunStore.open(newer));
        assertTrue(e.getMessage().contains("schema version 99, newer than this Parity's"), e.getMessage());
    }

    @Test
    void lastPassingSkipsAFailingRun() {
        Path db = dir.resolve("baseline.sqlite");
        try (RunStore store = RunStore.open(db)) {
            long good = store.record(summary, 0, dir.resolve("night-1"));
            long bad = store.record(summary, 1, dir.resolve("night-2"));
            String dataset = summary.dataset().inputs().sha256();
            assertEquals(good, Baselines.pick(store, "last-passing", "store-test", dataset).id());
            assertEquals(bad, Baselines.pick(store, "last", "store-test", dataset).id());
            assertEquals(good, Baselines.pick(store, "#" + good, "store-test", dataset).id());
            assertThrows(ParityInputException.class, () -> Baselines.pick(store, "last", "store-test", "other-data"),
                    "runs of another dataset are no baseline");
            assertEquals(summary.reference().threshold(), store.summary(good).reference().threshold(), 0);
        }
    }
}
