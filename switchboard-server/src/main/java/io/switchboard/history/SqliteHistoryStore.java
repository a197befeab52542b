package io.switchboard.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * History in one SQLite file, {@code <dataDir>/switchboard.db}: the embedded default for a single
 * node. Write-ahead log with {@code synchronous=FULL}, so every commit is synced before
 * {@link #appendAll} returns and an acknowledged message survives {@code kill -9} and power loss
 * (NORMAL would only survive a process crash). A new or deleted file is a new epoch.
 *
 * <p>Thread-safe: one connection, guarded by {@link #lock}. The hub calls from one storage thread,
 * so a single connection costs nothing and keeps every write in one order. Only one process may use
 * the file at a time.
 */
public final class SqliteHistoryStore extends JdbcHistoryStore {
    public static final String FILE_NAME = "switchboard.db";
    /** How long a statement waits for another process's lock before failing (ms). */
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final Path file;
    /** Guards {@link #connection} and {@link #closed}. */
    private final Object lock = new Object();
    /** The only connection; used by whichever thread holds {@link #lock}. */
    private final Connection connection;
    /** Set once by {@link #close}; guarded by {@link #lock}. */
    private boolean closed;

    public SqliteHistoryStore(Path dataDir) {
        super(SqlDialect.SQLITE);
        this.file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // Take the write lock at BEGIN, not at the first write, so a second process on the same
        // file waits in the busy handler instead of failing the upgrade from read to write.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot open " + file, e);
        }
        try {
            open();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * 200 µs: a full batch's share of its transaction and sync, with the publishing after it, is
     * about 70 µs on a quiet 2-core machine and 100-200 µs on a busy one; so 2,500 sends at the
     * default 500 ms bound, where one batch of 512 was admitted before.
     */
    @Override
    public Optional<Duration> assumedAppendCost() {
        return Optional.of(Duration.ofNanos(200_000));
    }

    @Override
    <T> T withConnection(boolean transaction, SqlWork<T> work) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the history store is closed");
            }
            try {
                return transaction ? inTransaction(connection, work) : work.run(connection);
            } catch (SQLException e) {
                throw new HistoryStoreException("SQLite history failed (" + file + "): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                connection.close();
            } catch (SQLException e) {
                throw new HistoryStoreException("cannot close " + file, e);
            }
        }
    }
}
