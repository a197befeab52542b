-- Switchboard history schema, SQLite. Applied once by SchemaMigrator inside one transaction.
-- Statements end with ';' at the end of a line; no ';' inside a statement.

-- The epoch is born with the schema: a new or wiped file gets a new one, so clients holding
-- positions from the old file know they cannot resume.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(16))));

-- The last id handed out per room. Never derived from MAX(id), which goes back down when
-- retention deletes a room's messages and would let an id be handed out twice.
CREATE TABLE rooms (
    room    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
) WITHOUT ROWID;

-- Clustered by (room, id): every read is a range scan of one room.
CREATE TABLE messages (
    room      TEXT    NOT NULL,
    id        INTEGER NOT NULL,
    sender    TEXT    NOT NULL,
    text      TEXT    NOT NULL,
    ts        INTEGER NOT NULL,
    client_id TEXT,
    PRIMARY KEY (room, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX messages_room_client_id ON messages (room, client_id) WHERE client_id IS NOT NULL;

-- Age retention deletes by timestamp across all rooms.
CREATE INDEX messages_ts ON messages (ts);
