package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected HistoryStore newStore() {
        return new SqliteHistoryStore(dataDir);
    }

    private static NewMessage message(String room, String text, String clientId) {
        return new NewMessage(room, "nick", text, 1234L, clientId);
    }

    @Test
    void aClosedStoreFailsItsPing() {
        store.close();
        try {
            assertThatThrownBy(store::ping).isInstanceOf(RuntimeException.class);
        } finally {
            store = newStore();
        }
    }

    @Test
    void storeIsOneFileInTheDataFolder() {
        assertThat(dataDir.resolve("switchboard.db")).isRegularFile();
    }

    @Test
    void messagesEpochAndIdsSurviveCloseAndReopen() {
        store.append(message("a", "one", "k1"));
        store.append(message("a", "two", null));
        String epoch = store.epoch();
        store.close();

        store = new SqliteHistoryStore(dataDir);
        assertThat(store.epoch()).isEqualTo(epoch);
        assertThat(store.after("a", 0, 10).messages())
                .extracting(ChatMessage::text)
                .containsExactly("one", "two");
        assertThat(store.append(message("a", "three", null)).message().id()).isEqualTo(3);
        assertThat(store.append(message("a", "again", "k1")).duplicate())
                .as("client ids are remembered across restarts")
                .isTrue();
    }

    @Test
    void aVersionOneFileIsMigratedKeepingItsMessagesEpochAndClientIds() throws Exception {
        store.close();
        try (var files = Files.list(dataDir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        // a file as the previous release left it: V1 only, one message with a client id
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
                Statement st = c.createStatement()) {
            for (String sql : SchemaMigrator.statements(
                    SchemaMigrator.load(SqlDialect.SQLITE).get(0).sql())) {
                st.execute(sql);
            }
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                    + " applied_at BIGINT NOT NULL)");
            st.execute("INSERT INTO schema_version VALUES (1, 'history', 0)");
            st.execute("INSERT INTO rooms VALUES ('a', 1)");
            st.execute("INSERT INTO messages (room, id, sender, text, ts, client_id) VALUES ('a', 1, "
                    + "'alice', 'old', 5, 'k')");
        }

        store = new SqliteHistoryStore(dataDir);
        assertThat(store.after("a", 0, 10).messages()).containsExactly(new ChatMessage(1, "a", "alice", "old", 5, "k"));
        assertThat(store.append(message("a", "retry without a sender", "k")).duplicate())
                .as("an old key still answers a sender-less retry")
                .isTrue();
        AppendResult fresh = store.append(new NewMessage("a", "bob", "bob's", 6, "k", "p-bob"));
        assertThat(fresh.duplicate()).isFalse();
        assertThat(fresh.message().id()).isEqualTo(2);
    }

    @Test
    void deletingTheFileStartsANewEpochFromIdOne() throws Exception {
        store.append(message("a", "one", null));
        String epoch = store.epoch();
        store.close();
        try (var files = Files.list(dataDir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }

        store = new SqliteHistoryStore(dataDir);
        assertThat(store.epoch()).isNotBlank().isNotEqualTo(epoch);
        assertThat(store.append(message("a", "fresh", null)).message().id()).isEqualTo(1);
    }

    @Test
    void idsAreNotReusedAfterRetentionEmptiedTheRoomAndTheStoreRestarted() {
        store.append(message("a", "1", null));
        store.append(message("a", "2", null));
        store.enforceRetention(new Retention(0, Duration.ofMillis(1)), 1_000_000);
        assertThat(store.after("a", 0, 10).messages()).isEmpty();
        store.close();

        store = new SqliteHistoryStore(dataDir);
        assertThat(store.append(message("a", "3", null)).message().id()).isEqualTo(3);
    }

    @Test
    void migrationsAppliedAgainAreANoOp() throws Exception {
        String epoch = store.epoch();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("switchboard.db"))) {
            assertThat(SchemaMigrator.migrate(c, SqlDialect.SQLITE)).isZero();
            assertThat(SchemaMigrator.migrate(c, SqlDialect.SQLITE)).isZero();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(SqlDialect.SQLITE.migrations.size());
                assertThat(rs.getInt(2)).isEqualTo(SqlDialect.SQLITE.migrations.size());
            }
        }
        store.close();
        store = new SqliteHistoryStore(dataDir);
        assertThat(store.epoch()).isEqualTo(epoch);
    }

    @Test
    void everyCommitIsSyncedAndLocksAreWaitedFor() {
        // synchronous and busy_timeout are per connection: ask the store's own.
        SqliteHistoryStore sqlite = (SqliteHistoryStore) store;
        String synchronous = sqlite.withConnection(false, c -> pragma(c, "synchronous"));
        String busyTimeout = sqlite.withConnection(false, c -> pragma(c, "busy_timeout"));
        assertThat(synchronous).as("2 is FULL").isEqualTo("2");
        assertThat(busyTimeout).isEqualTo("5000");
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void fileIsInWriteAheadLogMode() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void aSchemaNewerThanThisBuildRefusesToStart() throws Exception {
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
        }
        assertThatThrownBy(() -> new SqliteHistoryStore(dataDir))
                .isInstanceOf(HistoryStoreException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void retentionLargerThanOneChunkDeletesEverythingItShould() {
        int total = JdbcHistoryStore.RETENTION_CHUNK * 2 + 500;
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            batch.add(new NewMessage("a", "n", "m" + i, i, null));
        }
        store.appendAll(batch);

        assertThat(store.enforceRetention(new Retention(total - 10, Duration.ZERO), 0))
                .isEqualTo(10);
        assertThat(store.enforceRetention(new Retention(100, Duration.ZERO), 0)).isEqualTo(total - 110);
        assertThat(store.after("a", 0, 1000).messages()).hasSize(100);
        assertThat(store.enforceRetention(new Retention(0, Duration.ofMillis(10)), total))
                .isEqualTo(89);
        assertThat(store.after("a", 0, 1000).messages())
                .extracting(ChatMessage::id)
                .containsExactly(
                        (long) total - 10,
                        total - 9L,
                        total - 8L,
                        total - 7L,
                        total - 6L,
                        total - 5L,
                        total - 4L,
                        total - 3L,
                        total - 2L,
                        total - 1L,
                        (long) total);
    }

    @Test
    void aFailedBatchStoresNothingAndHandsOutNoIds() {
        List<NewMessage> bad = new ArrayList<>();
        bad.add(message("a", "ok", null));
        bad.add(new NewMessage("a", null, "sender is NOT NULL", 1, null));
        assertThatThrownBy(() -> store.appendAll(bad)).isInstanceOf(HistoryStoreException.class);
        assertThat(store.after("a", 0, 10).messages()).isEmpty();
        assertThat(store.append(message("a", "next", null)).message().id()).isEqualTo(1);
    }

    @Test
    void negativeLimitIsRejected() {
        assertThatThrownBy(() -> store.after("a", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
