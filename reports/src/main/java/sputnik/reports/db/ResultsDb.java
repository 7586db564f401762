package sputnik.reports.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import sputnik.harness.api.UsageException;

/**
 * An open results database: its schema brought up to this Sputnik's version by Flyway on first use,
 * and refused when a newer Sputnik has migrated it further (this one would misread it).
 *
 * <p>Why SQLite for the embedded database, rather than DuckDB: every query Sputnik asks reads a few
 * hundred rows of per-run and per-problem aggregates that indexing keeps (a suite's leaderboard is
 * its runs' rows, not a scan of their samples), so a columnar engine's speed on full scans buys
 * little; and SQLite lets several processes write one file (each `run` indexing at its end, a CI
 * matrix indexing at once), taking turns under its lock, where DuckDB lets only one process open a
 * file for writing at a time.
 */
public final class ResultsDb {
    /** Where the versioned migrations are; V{n}__*.sql, applied in order. */
    static final String MIGRATIONS = "classpath:sputnik/db/migration";
    static final String HISTORY_TABLE = "sputnik_schema_history";

    private final DbLocation location;
    private final DataSource dataSource;

    private ResultsDb(DbLocation location, DataSource dataSource) {
        this.location = location;
        this.dataSource = dataSource;
    }

    public DbLocation location() {
        return location;
    }

    /** Opens the database, creating and migrating it on first use. */
    public static ResultsDb open(DbLocation location) throws UsageException, IOException {
        DataSource ds = dataSource(location);
        ResultsDb db = new ResultsDb(location, ds);
        if (location.kind() == DbLocation.Kind.SQLITE) Files.createDirectories(location.file().getParent());
        // Reach the database before Flyway does, so that a server that is down or a wrong password reads as such.
        try (Connection probe = db.connect()) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw db.unreachable(e);
        }
        if (location.kind() == DbLocation.Kind.SQLITE) {
            // Flyway locks PostgreSQL with an advisory lock; for SQLite, two processes opening a new
            // file at once take turns here, so only one creates the schema.
            Path lockFile = location.file().resolveSibling(location.file().getFileName() + ".migrate-lock");
            // A file lock is held per JVM, not per thread: threads of one process take turns on the monitor first.
            synchronized (ResultsDb.class) {
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = ch.lock();
                    try {
                        db.migrate();
                    } finally {
                        lock.release();
                    }
                }
            }
        } else {
            db.migrate();
        }
        return db;
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws UsageException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /** The newest schema version this Sputnik's migrations reach. */
    public static MigrationVersion knownVersion() {
        Flyway f = flyway(new SQLiteDataSource());
        return Arrays.stream(f.info().all()).filter(i -> i.getState().isResolved()).map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * The schema version this Sputnik's newest migration makes (a test holds it to the migrations on
     * the class path): a database already there is used without starting Flyway, which costs a third
     * of a second on every command.
     */
    static final MigrationVersion SCHEMA_VERSION = MigrationVersion.fromVersion("1");

    private void migrate() throws UsageException {
        Optional<MigrationVersion> current = appliedVersion();
        if (current.isPresent() && current.get().compareTo(SCHEMA_VERSION) == 0) return;
        if (current.isPresent() && current.get().compareTo(SCHEMA_VERSION) > 0) throw newer(current.get());
        Flyway flyway = flyway(dataSource);
        try {
            MigrationInfo[] applied = flyway.info().applied();
            Optional<MigrationInfo> future = Arrays.stream(applied)
                    .filter(i -> i.getState() == MigrationState.FUTURE_SUCCESS || i.getState() == MigrationState.FUTURE_FAILED)
                    .max(Comparator.comparing(MigrationInfo::getVersion));
            if (future.isPresent()) throw newer(future.get().getVersion());
            flyway.migrate();
        } catch (FlywayException e) {
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            if (cause instanceof SQLException s) throw unreachable(s);
            throw new UsageException("results database " + location.display() + ": migration failed (" + oneLine(e.getMessage()) + ")");
        }
    }

    /**
     * Flyway logs through java.util.logging here: its progress ("Migrating schema ...") would mix into a
     * command's output, so only its warnings pass. Held so the logger and its level are not collected.
     */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    static {
        FLYWAY_LOG.setLevel(Boolean.getBoolean("sputnik.db.verbose") ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
    }

    private UsageException newer(MigrationVersion v) {
        return new UsageException("results database " + location.display() + " has schema version " + v
                + ", newer than this Sputnik knows (" + SCHEMA_VERSION + "): a newer Sputnik wrote it; upgrade Sputnik to use it");
    }

    /** The newest version Flyway recorded as applied, or empty when there is no schema yet (or it cannot be read: Flyway will say why). */
    private Optional<MigrationVersion> appliedVersion() {
        try (Connection c = connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT version FROM " + HISTORY_TABLE + " WHERE success AND version IS NOT NULL")) {
            MigrationVersion max = null;
            while (rs.next()) {
                MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                if (max == null || v.compareTo(max) > 0) max = v;
            }
            return Optional.ofNullable(max);
        } catch (SQLException | UsageException | RuntimeException noSchemaYet) {
            return Optional.empty();
        }
    }

    private static Flyway flyway(DataSource ds) {
        return Flyway.configure()
                .dataSource(ds)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                .validateMigrationNaming(true)
                .load();
    }

    private UsageException unreachable(SQLException e) {
        String what = location.kind() == DbLocation.Kind.POSTGRESQL
                ? "; check that the server is running and --db/$" + DbLocation.ENV + " (user, password or $PGPASSWORD, host, port, database)"
                : "; check that the file is a Sputnik results database and its directory is writable";
        return new UsageException("cannot open results database " + location.display() + ": " + oneLine(e.getMessage()) + what);
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String first = s.strip().lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }

    private static DataSource dataSource(DbLocation location) {
        if (location.kind() == DbLocation.Kind.SQLITE) {
            SQLiteConfig c = new SQLiteConfig();
            // WAL: readers (the web pages) never wait for a writer; a writer waits up to a minute for
            // another (a second process indexing) instead of failing; IMMEDIATE takes the write lock
            // at BEGIN, so two writers cannot both read and then deadlock upgrading.
            c.setJournalMode(SQLiteConfig.JournalMode.WAL);
            c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            c.setBusyTimeout(120_000);
            c.enforceForeignKeys(true);
            c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            SQLiteDataSource ds = new SQLiteDataSource(c);
            ds.setUrl(location.jdbcUrl());
            return ds;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(location.jdbcUrl());
        var p = location.properties();
        if (p.getProperty("user") != null) ds.setUser(p.getProperty("user"));
        if (p.getProperty("password") != null) ds.setPassword(p.getProperty("password"));
        ds.setReWriteBatchedInserts(true);
        ds.setConnectTimeout(10);
        ds.setApplicationName("sputnik");
        return ds;
    }
}
