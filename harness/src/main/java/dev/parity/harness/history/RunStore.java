package dev.parity.harness.history;

import dev.parity.harness.ParityInputException;
import dev.parity.harness.results.GateResult;
import dev.parity.harness.results.RunFileCodec;
import dev.parity.harness.results.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The run store: an embedded SQLite database (no server) of every finished run, its variants and gates, so that
 * a nightly job can follow its figures and pick its baseline. The run folder stays the source of truth: each row
 * keeps the run's summary.json, and {@code parity history import} rebuilds the store from folders. The schema is
 * versioned ({@code user_version}) with forward migrations; WAL mode and a busy timeout let two jobs that finish
 * at once both land; a file that is not a Parity store is refused and never written.
 */
public final class RunStore implements AutoCloseable {
    /** SQLite's application_id for Parity stores: "PRTY". */
    static final int APPLICATION_ID = 0x50525459;
    static final int BUSY_MS = 30_000;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Each entry moves the schema one version up; never edit one that has shipped, add the next. */
    static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE runs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              spec_name TEXT NOT NULL, spec_sha256 TEXT, dataset_sha256 TEXT, reference_sha256 TEXT,
              tool_version TEXT, started_at TEXT NOT NULL, recorded_at TEXT NOT NULL, exit_code INTEGER NOT NULL,
              outcome TEXT, recommended TEXT, shipped_threshold REAL, reference_threshold REAL, run_dir TEXT,
              summary_json TEXT NOT NULL, UNIQUE (spec_name, started_at, run_dir));
            CREATE TABLE variants (
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL, status TEXT,
              model_sha256 TEXT, agreement REAL, flips INTEGER, recalibrated_threshold REAL, agreement_after REAL,
              p99_abs_diff REAL, max_abs_diff REAL, samples_per_second REAL, PRIMARY KEY (run_id, name));
            CREATE TABLE gates (
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, variant TEXT NOT NULL,
              gate TEXT NOT NULL, status TEXT NOT NULL, measured REAL, limit_value REAL, detail TEXT);
            CREATE INDEX runs_by_spec ON runs (spec_name, started_at);
            """);

    private final Path file;
    private final Connection db;

    private RunStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /**
     * Opens (creating when absent) and migrates the store.
     *
     * @throws ParityInputException for a file that is not SQLite, a SQLite database of another program, or a store
     *                              written by a newer Parity; nothing is written to it
     */
    public static RunStore open(Path file) {
        Path f = file.toAbsolutePath().normalize();
        boolean fresh = !Files.exists(f) || size(f) == 0;
        if (!fresh) requireSqlite(f);
        try {
            if (fresh && f.getParent() != null) Files.createDirectories(f.getParent());
            // every write transaction takes the write lock at its start (IMMEDIATE): two jobs finishing together wait
            // for each other (busy timeout) instead of one failing on a lock upgrade
            java.util.Properties props = new java.util.Properties();
            props.setProperty("transaction_mode", "IMMEDIATE");
            props.setProperty("busy_timeout", Integer.toString(BUSY_MS));
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + f, props);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_MS);
                int app = intPragma(c, "application_id");
                int version = intPragma(c, "user_version");
                if (!fresh && app != APPLICATION_ID && (app != 0 || hasTables(c))) {
                    c.close();
                    throw new ParityInputException(f + ": a SQLite database of another program (application_id "
                            + app + "), not a Parity run store; give --history another file. It was not touched");
                }
                if (version > MIGRATIONS.size()) {
                    c.close();
                    throw new ParityInputException(f + ": a run store of schema version " + version + ", newer than "
                            + "this Parity's (" + MIGRATIONS.size() + "); use a newer Parity. It was not touched");
                }
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA foreign_keys = ON");
                migrate(c, version);
            }
            return new RunStore(f, c);
        } catch (SQLException | IOException e) {
            throw new ParityInputException(f + ": cannot open the run store: " + e.getMessage());
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void requireSqlite(Path f) {
        byte[] head = new byte[SQLITE_MAGIC.length];
        try (InputStream in = Files.newInputStream(f)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n < head.length || !Arrays.equals(head, SQLITE_MAGIC)) {
                throw new ParityInputException(f + ": not a SQLite database (a damaged or foreign file); give --history "
                        + "another file or move this one away. It was not touched");
            }
        } catch (IOException e) {
            throw new ParityInputException(f + ": cannot read: " + e.getMessage());
        }
    }

    private static int intPragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static boolean hasTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    /** Applies the migrations above {@code from}, all in one immediate transaction (a second process waits). */
    private static void migrate(Connection c, int from) throws SQLException {
        if (from == MIGRATIONS.size()) return;
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1 FROM sqlite_master LIMIT 1"); // starts the (immediate) transaction: the write lock
            int now = intPragma(c, "user_version"); // another process may have migrated while this one waited
            for (int v = now; v < MIGRATIONS.size(); v++) {
                for (String stmt : MIGRATIONS.get(v).split(";")) if (!stmt.isBlank()) s.execute(stmt);
            }
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            s.execute("PRAGMA user_version = " + MIGRATIONS.size());
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Records a finished run: one row, its variants and every gate, in one transaction.
     *
     * @return the run's id in the store; a run recorded before (same spec, start time and folder) is replaced
     */
    public long record(RunSummary s, int exitCode, Path runDir) {
        long id = begin(s, exitCode, runDir);
        commit();
        return id;
    }

    /**
     * Records a run as {@link #record} does but leaves its transaction open: queries on this store see the run
     * (e.g. a report's trend drawn before the run folder is written), others do not until {@link #commit}; {@link
     * #rollback} or closing the store takes it back (the folder could not be written).
     */
    public long begin(RunSummary s, int exitCode, Path runDir) {
        String dir = runDir == null ? null : runDir.toAbsolutePath().normalize().toString();
        try {
            db.setAutoCommit(false); // the driver begins an IMMEDIATE transaction: the write lock, waited for
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT id FROM runs WHERE spec_name = ? AND started_at = ? AND run_dir IS ?")) {
                q.setString(1, s.spec().name());
                q.setString(2, s.run().startedAt());
                q.setString(3, dir);
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        // the same run again (re-decided after a benchmark, or imported twice): its newest state
                        // replaces the old one, so a run is in the store once
                        long old = r.getLong(1);
                        for (String t : List.of("gates", "variants")) {
                            try (PreparedStatement d = db.prepareStatement("DELETE FROM " + t + " WHERE run_id = ?")) {
                                d.setLong(1, old);
                                d.executeUpdate();
                            }
                        }
                        try (PreparedStatement d = db.prepareStatement("DELETE FROM runs WHERE id = ?")) {
                            d.setLong(1, old);
                            d.executeUpdate();
                        }
                    }
                }
            }
            long id;
            try (PreparedStatement p = db.prepareStatement("INSERT INTO runs (spec_name, spec_sha256, dataset_sha256, "
                    + "reference_sha256, tool_version, started_at, recorded_at, exit_code, outcome, recommended, "
                    + "shipped_threshold, reference_threshold, run_dir, summary_json) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                var rec = s.decision().recommendation();
                p.setString(1, s.spec().name());
                p.setString(2, s.spec().sha256());
                p.setString(3, s.dataset().inputs().sha256());
                p.setString(4, referenceSha(s));
                p.setString(5, s.toolVersion());
                p.setString(6, s.run().startedAt());
                p.setString(7, Instant.now().toString());
                p.setInt(8, exitCode);
                p.setString(9, s.decision().outcome() == null ? null : s.decision().outcome().name().toLowerCase(
                        java.util.Locale.ROOT));
                p.setString(10, rec.noneQualified() ? null : rec.variant());
                setDouble(p, 11, rec.noneQualified() ? null : rec.threshold());
                setDouble(p, 12, s.reference().threshold());
                p.setString(13, dir);
                p.setString(14, RunFileCodec.text(s));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            try (PreparedStatement v = db.prepareStatement("INSERT INTO variants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RunSummary.VariantInfo x : s.variants()) {
                    v.setLong(1, id);
                    v.setString(2, x.name());
                    v.setString(3, x.status().label());
                    v.setString(4, x.artifact() == null ? null : x.artifact().sha256());
                    boolean ran = x.atReferenceThreshold() != null;
                    // a multi-class variant's decision agreement is its top-1 agreement, its flips the samples that
                    // changed class; it has no threshold of its own
                    var classes = x.classes();
                    // a multi-head variant's: its worst head's agreement, and every head's flips added up
                    List<RunSummary.Verdicts> heads = s.heads() == null || x.scoreDrift() == null ? List.of()
                            : s.heads().stream().flatMap(h -> h.variants().stream())
                            .filter(hv -> hv.name().equals(x.name()) && hv.atReferenceThreshold() != null)
                            .map(RunSummary.VariantInfo::atReferenceThreshold).toList();
                    // boxed on purpose: a ternary mixing double and null unboxes the null and throws
                    Double agreement = null;
                    if (ran) agreement = x.atReferenceThreshold().agreement();
                    else if (classes != null) agreement = classes.top1Agreement();
                    else if (!heads.isEmpty()) {
                        agreement = heads.stream().mapToDouble(RunSummary.Verdicts::agreement).min().getAsDouble();
                    }
                    setDouble(v, 5, agreement);
                    if (ran) v.setLong(6, x.atReferenceThreshold().flips());
                    else if (classes != null) v.setLong(6, classes.changed());
                    else if (!heads.isEmpty()) v.setLong(6, heads.stream().mapToLong(RunSummary.Verdicts::flips).sum());
                    else v.setNull(6, java.sql.Types.INTEGER);
                    setDouble(v, 7, ran ? x.recalibration().threshold() : null);
                    setDouble(v, 8, ran ? x.recalibration().agreementAfter() : null);
                    setDouble(v, 9, x.scoreDrift() == null ? null : x.scoreDrift().p99Absolute());
                    setDouble(v, 10, x.scoreDrift() == null ? null : x.scoreDrift().maxAbsolute());
                    var speed = s.run().speed() == null ? null : s.run().speed().get(x.name());
                    Double loop = s.run().samplesPerSecond() == null ? null : s.run().samplesPerSecond().get(x.name());
                    setDouble(v, 11, speed != null ? Double.valueOf(speed.value()) : loop);
                    v.addBatch();
                }
                v.executeBatch();
            }
            try (PreparedStatement g = db.prepareStatement("INSERT INTO gates VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (GateResult x : s.decision().gates()) {
                    g.setLong(1, id);
                    g.setString(2, x.variant());
                    g.setString(3, x.gate().key());
                    g.setString(4, x.status().name().toLowerCase(java.util.Locale.ROOT));
                    setDouble(g, 5, x.measured());
                    setDouble(g, 6, x.limit());
                    g.setString(7, x.detail());
                    g.addBatch();
                }
                g.executeBatch();
            }
            return id;
        } catch (SQLException | RuntimeException e) {
            rollback(); // all or nothing: a run is never half recorded
            throw new ParityInputException(file + ": cannot record the run: " + e);
        }
    }

    /** Makes the run {@link #begin} recorded visible to every reader. */
    public void commit() {
        try {
            db.commit();
            db.setAutoCommit(true);
        } catch (SQLException e) {
            rollback();
            throw new ParityInputException(file + ": cannot record the run: " + e);
        }
    }

    /** Takes back what {@link #begin} recorded; nothing when no run is pending. */
    public void rollback() {
        try {
            if (!db.getAutoCommit()) {
                db.rollback();
                db.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the connection is gone, and with it the pending run
        }
    }

    private static String referenceSha(RunSummary s) {
        return s.variants().stream().filter(RunSummary.VariantInfo::reference).findFirst()
                .map(v -> v.artifact() == null ? null : v.artifact().sha256()).orElse(null);
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null || !Double.isFinite(v)) p.setNull(i, java.sql.Types.REAL);
        else p.setDouble(i, v);
    }

    /** A recorded run, as the history table and the baseline choice read it. */
    public record Run(long id, String spec, String startedAt, String toolVersion, String datasetSha,
                      String referenceSha, int exitCode, String outcome, String recommended, String runDir) {
    }

    /** Runs of a spec (all specs when null), oldest first, started at or after {@code since} (ISO, or null). */
    public List<Run> runs(String spec, String since) {
        String sql = "SELECT id, spec_name, started_at, tool_version, dataset_sha256, reference_sha256, exit_code, "
                + "outcome, recommended, run_dir FROM runs WHERE (? IS NULL OR spec_name = ?) AND "
                + "(? IS NULL OR started_at >= ?) ORDER BY started_at, id";
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setString(1, spec);
            p.setString(2, spec);
            p.setString(3, since);
            p.setString(4, since);
            List<Run> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Run(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getInt(7), r.getString(8), r.getString(9), r.getString(10)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ParityInputException(file + ": cannot read runs: " + e.getMessage());
        }
    }

    /** The distinct spec names recorded, in name order. */
    public List<String> specs() {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT DISTINCT spec_name FROM runs ORDER BY spec_name")) {
            List<String> out = new ArrayList<>();
            while (r.next()) out.add(r.getString(1));
            return out;
        } catch (SQLException e) {
            throw new ParityInputException(file + ": cannot read runs: " + e.getMessage());
        }
    }

    /** A recorded run's summary.json, as it was written. */
    public RunSummary summary(long id) {
        try (PreparedStatement p = db.prepareStatement("SELECT summary_json FROM runs WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) throw new ParityInputException(file + ": no run #" + id);
                return RunFileCodec.readSummary(r.getString(1), file + " run #" + id);
            }
        } catch (SQLException | dev.parity.harness.results.RunFileException e) {
            throw new ParityInputException(file + ": cannot read run #" + id + ": " + e.getMessage());
        }
    }

    /** One figure of one variant per run, for trends: agreement, flips, ... as stored in the variants table. */
    public Double figure(long run, String variant, String column) {
        if (!List.of("agreement", "flips", "recalibrated_threshold", "agreement_after", "p99_abs_diff", "max_abs_diff",
                "samples_per_second").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        try (PreparedStatement p = db.prepareStatement("SELECT " + column + " FROM variants WHERE run_id = ? AND name = ?")) {
            p.setLong(1, run);
            p.setString(2, variant);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return null;
                double v = r.getDouble(1);
                return r.wasNull() ? null : v;
            }
        } catch (SQLException e) {
            throw new ParityInputException(file + ": cannot read run #" + run + ": " + e.getMessage());
        }
    }

    /** The SHA-256 of a variant's model file in a run (made variants: the made file), or null. */
    public String modelSha(long run, String variant) {
        try (PreparedStatement p = db.prepareStatement("SELECT model_sha256 FROM variants WHERE run_id = ? AND name = ?")) {
            p.setLong(1, run);
            p.setString(2, variant);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new ParityInputException(file + ": cannot read run #" + run + ": " + e.getMessage());
        }
    }

    /** The limit a gate had in a run (the first variant's), or null. */
    public Double gateLimit(long run, String gate) {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT limit_value FROM gates WHERE run_id = ? AND gate = ? AND limit_value IS NOT NULL LIMIT 1")) {
            p.setLong(1, run);
            p.setString(2, gate);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getDouble(1) : null;
            }
        } catch (SQLException e) {
            throw new ParityInputException(file + ": cannot read run #" + run + ": " + e.getMessage());
        }
    }

    /** Variant names recorded for a run, in spec order. */
    public List<String> variants(long run) {
        try (PreparedStatement p = db.prepareStatement("SELECT name FROM variants WHERE run_id = ? ORDER BY rowid")) {
            p.setLong(1, run);
            List<String> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(r.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new ParityInputException(file + ": cannot read run #" + run + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        rollback(); // a run begun and never committed is not kept
        try {
            db.close();
        } catch (SQLException e) {
            // nothing left to do with it
        }
    }
}
