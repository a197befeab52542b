package io.switchboard.server;

import io.switchboard.history.HistoryStore;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.history.PostgresHistoryStore;
import io.switchboard.history.SqliteHistoryStore;
import java.io.IOException;
import java.nio.file.Files;

/** Opens the history store that {@code --database} names. */
final class HistoryStores {
    private HistoryStores() {}

    static HistoryStore open(ServerConfig config) {
        String db = config.database();
        if (db.equals(ServerConfig.MEMORY)) {
            if (config.historyPerRoom() < 1) {
                throw new StartupException("--history-per-room must be at least 1, got " + config.historyPerRoom());
            }
            return new InMemoryHistoryStore(config.historyPerRoom());
        }
        if (db.equals(ServerConfig.SQLITE)) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new StartupException(
                        "--data-dir " + config.dataDir() + ": cannot create the folder (" + DataDirLock.reason(e) + ")",
                        e);
            }
            try {
                return new SqliteHistoryStore(config.dataDir());
            } catch (RuntimeException e) {
                throw new StartupException(
                        "--data-dir " + config.dataDir() + ": cannot open " + SqliteHistoryStore.FILE_NAME + " ("
                                + rootReason(e) + ")",
                        e);
            }
        }
        if (db.startsWith("postgresql://") || db.startsWith("postgres://") || db.startsWith("jdbc:postgresql://")) {
            try {
                return new PostgresHistoryStore(db);
            } catch (RuntimeException e) {
                throw new StartupException("--database " + redact(db) + ": cannot connect (" + rootReason(e) + ")", e);
            }
        }
        throw new StartupException("--database must be sqlite, memory or a postgresql:// URL, got " + redact(db));
    }

    /** A description of the store for the log, without any password. */
    static String describe(ServerConfig config) {
        String db = config.database();
        return db.equals(ServerConfig.SQLITE)
                ? "SQLite " + config.dataDir().resolve(SqliteHistoryStore.FILE_NAME)
                : db.equals(ServerConfig.MEMORY) ? "memory (lost on restart)" : "PostgreSQL " + redact(db);
    }

    /** The innermost cause's message: what the driver said, without the wrappers' prefixes. */
    private static String rootReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static String redact(String url) {
        return url.replaceFirst("//([^:@/]+):[^@/]*@", "//$1:***@");
    }
}
