package io.switchboard.history;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link HistoryStore} contract in SQL, shared by {@link SqliteHistoryStore} and
 * {@link PostgresHistoryStore}; they differ in how they hand out connections and in the few
 * statements of {@link SqlDialect}.
 *
 * <p>Thread-safe as far as the subclass's {@link #withConnection} is: every call runs its SQL inside
 * one {@code withConnection} unit (retention inside many short ones) and keeps no other state.
 */
abstract class JdbcHistoryStore implements HistoryStore {
    /** Rows per retention delete: a few milliseconds of work, so appends never wait long behind it. */
    static final int RETENTION_CHUNK = 1000;

    private static final int ROOM_PAGE = 500;
    private static final String COLUMNS = "id, room, sender, text, ts, client_id, sender_id";

    private final SqlDialect dialect;
    /** Read from the schema once by {@link #open}, then never changes. */
    private volatile String epoch;

    /** One unit of SQL work on a connection the store lends for its duration. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    JdbcHistoryStore(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Runs {@code work} on a connection nobody else uses meanwhile, in one transaction when
     * {@code transaction} is true, else in auto-commit mode.
     */
    abstract <T> T withConnection(boolean transaction, SqlWork<T> work);

    /** Lets a database that cannot store some input (PostgreSQL and NUL) make it storable. */
    NewMessage storable(NewMessage m) {
        return m;
    }

    /** Migrates the schema and reads the epoch; subclasses call it last in their constructor. */
    final void open() {
        epoch = withConnection(false, c -> {
            SchemaMigrator.migrate(c, dialect);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'epoch'")) {
                if (!rs.next()) {
                    throw new HistoryStoreException("the schema has no epoch row in its meta table");
                }
                return rs.getString(1);
            }
        });
    }

    /** One round trip to the database on a connection of the store's own. */
    @Override
    public void ping() {
        withConnection(false, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT 1");
            }
            return null;
        });
    }

    static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            // A broken connection fails these too; the first failure is the one worth reporting.
            try {
                c.rollback();
                c.setAutoCommit(true);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        c.setAutoCommit(true);
        return result;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public List<AppendResult> appendAll(List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<NewMessage> batch = new ArrayList<>(messages.size());
        for (NewMessage m : messages) {
            batch.add(storable(m));
        }
        return withConnection(true, c -> appendInTransaction(c, batch));
    }

    private List<AppendResult> appendInTransaction(Connection c, List<NewMessage> batch) throws SQLException {
        Map<String, Long> lastIds = lockRooms(c, batch);
        Map<String, Long> before = new HashMap<>(lastIds);
        Map<NewMessage.ClientKey, ChatMessage> inBatch = new HashMap<>();
        List<AppendResult> results = new ArrayList<>(batch.size());
        List<ChatMessage> fresh = new ArrayList<>(batch.size());
        try (PreparedStatement find = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND sender_id = ? AND client_id = ?")) {
            for (NewMessage m : batch) {
                NewMessage.ClientKey key = m.clientKey();
                ChatMessage earlier = key == null ? null : inBatch.get(key);
                if (key != null && earlier == null) {
                    find.setString(1, key.room());
                    find.setString(2, key.senderId());
                    find.setString(3, key.clientId());
                    earlier = first(find);
                }
                if (earlier != null) {
                    results.add(new AppendResult(earlier, true));
                    continue;
                }
                long id = lastIds.merge(m.room(), 1L, Long::sum);
                ChatMessage stored =
                        new ChatMessage(id, m.room(), m.from(), m.text(), m.timestamp(), m.clientId(), m.senderId());
                fresh.add(stored);
                if (key != null) {
                    inBatch.put(key, stored);
                }
                results.add(new AppendResult(stored, false));
            }
        }
        insert(c, fresh);
        saveLastIds(c, before, lastIds);
        return results;
    }

    /**
     * Locks every room of the batch in name order and returns their last ids. The fixed order is
     * what keeps two nodes writing to the same rooms from deadlocking; holding the locks before the
     * client-id check is what keeps them from both storing the same client id.
     */
    private Map<String, Long> lockRooms(Connection c, List<NewMessage> batch) throws SQLException {
        Map<String, Long> lastIds = new TreeMap<>();
        for (NewMessage m : batch) {
            lastIds.put(m.room(), 0L);
        }
        try (PreparedStatement lock = c.prepareStatement(dialect.lockRoomSql)) {
            for (Map.Entry<String, Long> room : lastIds.entrySet()) {
                lock.setString(1, room.getKey());
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    room.setValue(rs.getLong(1));
                }
            }
        }
        return lastIds;
    }

    private static void insert(Connection c, List<ChatMessage> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement ins =
                c.prepareStatement("INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ChatMessage m : fresh) {
                ins.setLong(1, m.id());
                ins.setString(2, m.room());
                ins.setString(3, m.from());
                ins.setString(4, m.text());
                ins.setLong(5, m.timestamp());
                ins.setString(6, m.clientId());
                // '' is "no sender" in the schema: a NOT NULL column keeps the unique index exact
                ins.setString(7, m.senderId() == null ? "" : m.senderId());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private static void saveLastIds(Connection c, Map<String, Long> before, Map<String, Long> after)
            throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE rooms SET last_id = ? WHERE room = ?")) {
            for (Map.Entry<String, Long> room : after.entrySet()) {
                if (!room.getValue().equals(before.get(room.getKey()))) {
                    up.setLong(1, room.getValue());
                    up.setString(2, room.getKey());
                    up.executeUpdate();
                }
            }
        }
    }

    @Override
    public HistoryPage after(String room, long afterId, int limit) {
        checkLimit(limit);
        List<ChatMessage> rows = withConnection(
                false,
                c -> select(
                        c,
                        "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND id > ? ORDER BY id LIMIT ?",
                        room,
                        afterId,
                        limit + 1L));
        boolean more = rows.size() > limit;
        return new HistoryPage(List.copyOf(more ? rows.subList(0, limit) : rows), more);
    }

    @Override
    public HistoryPage before(String room, long beforeId, int limit) {
        checkLimit(limit);
        List<ChatMessage> rows = withConnection(
                false,
                c -> select(
                        c,
                        "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?",
                        room,
                        beforeId,
                        limit + 1L));
        boolean more = rows.size() > limit;
        List<ChatMessage> page = new ArrayList<>(more ? rows.subList(0, limit) : rows);
        Collections.reverse(page);
        return new HistoryPage(List.copyOf(page), more);
    }

    /** The room's id counter, which retention leaves alone. */
    @Override
    public long lastId(String room) {
        return withConnection(false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_id FROM rooms WHERE room = ?")) {
                ps.setString(1, room);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
    }

    private static List<ChatMessage> select(Connection c, String sql, String room, long id, long limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, room);
            ps.setLong(2, id);
            ps.setLong(3, limit);
            List<ChatMessage> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    private static ChatMessage first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? row(rs) : null;
        }
    }

    private static ChatMessage row(ResultSet rs) throws SQLException {
        String senderId = rs.getString(7);
        return new ChatMessage(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getString(6),
                senderId == null || senderId.isEmpty() ? null : senderId);
    }

    /**
     * Deletes in chunks of {@link #RETENTION_CHUNK}, each its own short transaction and its own
     * {@code withConnection} unit, so appends interleave with a long retention run instead of
     * waiting for it.
     */
    @Override
    public int enforceRetention(Retention policy, long nowMillis) {
        int deleted = 0;
        if (policy.maxPerRoom() > 0) {
            deleted += trimRooms(policy.maxPerRoom());
        }
        if (!policy.maxAge().isZero()) {
            long cutoff = nowMillis - policy.maxAge().toMillis();
            deleted += deleteInChunks(
                    "DELETE FROM messages WHERE (room, id) IN" + " (SELECT room, id FROM messages WHERE ts < ? LIMIT "
                            + RETENTION_CHUNK + ")",
                    ps -> {
                        ps.setLong(1, cutoff);
                    });
        }
        return deleted;
    }

    private int trimRooms(int maxPerRoom) {
        int deleted = 0;
        String after = null;
        while (true) {
            // The first page starts at "" inclusive, so a room named "" is trimmed too.
            String from = after == null ? "" : after;
            String op = after == null ? ">=" : ">";
            // A room that never held more than maxPerRoom messages cannot hold too many now.
            List<String> rooms = withConnection(false, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT room FROM rooms WHERE room " + op
                        + " ? AND last_id > ?" + " ORDER BY room LIMIT " + ROOM_PAGE)) {
                    ps.setString(1, from);
                    ps.setLong(2, maxPerRoom);
                    List<String> page = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            page.add(rs.getString(1));
                        }
                    }
                    return page;
                }
            });
            for (String room : rooms) {
                deleted += trimRoom(room, maxPerRoom);
            }
            if (rooms.size() < ROOM_PAGE) {
                return deleted;
            }
            after = rooms.get(rooms.size() - 1);
        }
    }

    private int trimRoom(String room, int maxPerRoom) {
        Long newestToDrop = withConnection(false, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                ps.setString(1, room);
                ps.setLong(2, maxPerRoom);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        });
        if (newestToDrop == null) {
            return 0;
        }
        return deleteInChunks(
                "DELETE FROM messages WHERE room = ? AND id IN (SELECT id FROM messages"
                        + " WHERE room = ? AND id <= ? ORDER BY id LIMIT " + RETENTION_CHUNK + ")",
                ps -> {
                    ps.setString(1, room);
                    ps.setString(2, room);
                    ps.setLong(3, newestToDrop);
                });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int deleteInChunks(String sql, Binder binder) {
        int deleted = 0;
        while (true) {
            int chunk = withConnection(false, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    return ps.executeUpdate();
                }
            });
            deleted += chunk;
            if (chunk < RETENTION_CHUNK) {
                return deleted;
            }
        }
    }
}
