package io.switchboard.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * History in PostgreSQL, shared by every node of a cluster. Ids stay gapless and unique across
 * nodes because each append transaction locks its rooms' rows in {@code rooms} (in name order, so
 * two nodes cannot deadlock) before it checks client ids and hands out ids. Durability is the
 * server's {@code synchronous_commit} (on by default): a commit returns once its WAL is flushed.
 *
 * <p>Thread-safe: each call borrows its own connection from a small pool.
 */
public final class PostgresHistoryStore extends JdbcHistoryStore {
    public static final int DEFAULT_POOL_SIZE = 4;

    private final HikariDataSource pool;

    /** {@code url} is {@code postgresql://user:pass@host:port/db?params} or the same with {@code jdbc:}. */
    public PostgresHistoryStore(String url) {
        this(url, DEFAULT_POOL_SIZE);
    }

    public PostgresHistoryStore(String url, int poolSize) {
        super(SqlDialect.POSTGRESQL);
        ConnectionSpec spec = ConnectionSpec.parse(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("switchboard-history");
        config.setJdbcUrl(spec.jdbcUrl());
        config.setUsername(spec.user());
        config.setPassword(spec.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        // One multi-row INSERT per batch instead of one round trip per message.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new HistoryStoreException(
                    "cannot connect to PostgreSQL at " + spec.jdbcUrl() + ": " + e.getMessage(), e);
        }
        try {
            open();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** 400 µs: a network round trip more per batch than SQLite's, and a server of unknown speed. */
    @Override
    public Optional<Duration> assumedAppendCost() {
        return Optional.of(Duration.ofNanos(400_000));
    }

    @Override
    <T> T withConnection(boolean transaction, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return transaction ? inTransaction(c, work) : work.run(c);
        } catch (SQLException e) {
            throw new HistoryStoreException("PostgreSQL history failed: " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL text cannot hold U+0000; one such message would fail its whole batch, so it is
     * stored (and acknowledged) with U+FFFD in its place.
     */
    @Override
    NewMessage storable(NewMessage m) {
        if (hasNul(m.room()) || hasNul(m.from()) || hasNul(m.text()) || hasNul(m.clientId()) || hasNul(m.senderId())) {
            return new NewMessage(
                    noNul(m.room()),
                    noNul(m.from()),
                    noNul(m.text()),
                    m.timestamp(),
                    noNul(m.clientId()),
                    noNul(m.senderId()));
        }
        return m;
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    private static String noNul(String s) {
        return s == null ? null : s.replace('\0', '\uFFFD');
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Where to connect and as whom, from a {@code postgresql://} URL. */
    record ConnectionSpec(String jdbcUrl, String user, String password) {

        static ConnectionSpec parse(String url) {
            String rest = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
            int schemeEnd = rest.indexOf("://");
            String scheme = schemeEnd < 0 ? "" : rest.substring(0, schemeEnd);
            if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
                throw new IllegalArgumentException(
                        "not a PostgreSQL URL (postgresql://user:pass@host:port/db): " + url);
            }
            String afterScheme = rest.substring(schemeEnd + 3);
            int authorityEnd = indexOfAny(afterScheme, "/?");
            String authority = afterScheme.substring(0, authorityEnd);
            // The last '@': an unencoded '@' in a password is a common mistake that should still work.
            int at = authority.lastIndexOf('@');
            String user = null;
            String password = null;
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1));
            }
            String hosts = authority.substring(at + 1);
            return new ConnectionSpec(
                    "jdbc:postgresql://" + hosts + afterScheme.substring(authorityEnd), user, password);
        }

        private static int indexOfAny(String s, String chars) {
            for (int i = 0; i < s.length(); i++) {
                if (chars.indexOf(s.charAt(i)) >= 0) {
                    return i;
                }
            }
            return s.length();
        }

        /** RFC 3986 decoding: unlike URLDecoder, '+' stays a plus sign. */
        private static String percentDecode(String s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '%'
                        && i + 2 < bytes.length
                        && Character.digit(bytes[i + 1], 16) >= 0
                        && Character.digit(bytes[i + 2], 16) >= 0) {
                    out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                    i += 2;
                } else {
                    out.write(bytes[i]);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "ConnectionSpec[" + jdbcUrl + ", user=" + user + "]";
        }
    }
}
