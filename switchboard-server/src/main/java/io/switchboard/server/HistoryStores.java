package io.switchboard.server;

import io.switchboard.history.HistoryStore;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.history.PostgresHistoryStore;
import io.switchboard.history.SqliteHistoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Opens the history store that {@code --database} names. */
final class HistoryStores {
    private HistoryStores() {
    }

    static HistoryStore open(ServerConfig config) {
        String db = config.database();
        if (db.equals(ServerConfig.MEMORY)) {
            return new InMemoryHistoryStore(config.historyPerRoom());
        }
        if (db.equals(ServerConfig.SQLITE)) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data folder " + config.dataDir(), e);
            }
            return new SqliteHistoryStore(config.dataDir());
        }
        if (db.startsWith("postgresql://") || db.startsWith("postgres://") || db.startsWith("jdbc:postgresql://")) {
            return new PostgresHistoryStore(db);
        }
        throw new IllegalArgumentException("--database must be sqlite, memory or a postgresql:// URL, not " + redact(db));
    }

    /** A description of the store for the log, without any password. */
    static String describe(ServerConfig config) {
        String db = config.database();
        return db.equals(ServerConfig.SQLITE) ? "SQLite " + config.dataDir().resolve(SqliteHistoryStore.FILE_NAME)
                : db.equals(ServerConfig.MEMORY) ? "memory (lost on restart)" : "PostgreSQL " + redact(db);
    }

    private static String redact(String url) {
        return url.replaceFirst("//([^:@/]+):[^@/]*@", "//$1:***@");
    }
}
