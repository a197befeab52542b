package io.switchboard.history;

import java.util.List;

/**
 * What differs between the SQL databases the JDBC stores run on; everything else is shared by
 * {@link JdbcHistoryStore}. Immutable.
 */
enum SqlDialect {
    SQLITE(
            "sqlite",
            List.of("V1__history.sql", "V2__sender_scoped_client_ids.sql"),
            null,
            "INSERT INTO rooms (room, last_id) VALUES (?, 0)"
                    + " ON CONFLICT (room) DO UPDATE SET last_id = last_id RETURNING last_id"),
    /**
     * The advisory lock serialises migrations of nodes that start together: without it two of them
     * could both see an empty schema_version and both try to create the tables. The no-op upsert
     * takes the room row's lock, which serialises appends to one room across nodes.
     */
    POSTGRESQL(
            "postgresql",
            List.of("V1__history.sql", "V2__sender_scoped_client_ids.sql"),
            "SELECT pg_advisory_xact_lock(5373424420)",
            "INSERT INTO rooms (room, last_id) VALUES (?, 0)"
                    + " ON CONFLICT (room) DO UPDATE SET last_id = rooms.last_id RETURNING last_id");

    /** Folder under {@code db/} holding this dialect's migrations. */
    final String folder;
    /** Migration files in version order; a new migration is a new file here and in the folder. */
    final List<String> migrations;
    /** Run first in the migration transaction, or null. */
    final String migrationLockSql;
    /** Creates the room's row if missing, locks it until commit, returns its last id. */
    final String lockRoomSql;

    SqlDialect(String folder, List<String> migrations, String migrationLockSql, String lockRoomSql) {
        this.folder = folder;
        this.migrations = migrations;
        this.migrationLockSql = migrationLockSql;
        this.lockRoomSql = lockRoomSql;
    }
}
