-- Switchboard history schema, PostgreSQL (13 or newer: gen_random_uuid is built in).
-- Applied once by SchemaMigrator inside one transaction, under an advisory lock so that nodes
-- starting together do not race. Statements end with ';' at the end of a line; no ';' inside one.

-- The epoch is born with the schema: a new or dropped schema gets a new one, so clients holding
-- positions from the old one know they cannot resume.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('epoch', gen_random_uuid()::text);

-- The last id handed out per room; its row is also the lock that serialises appends to the room
-- across nodes. Never derived from MAX(id), which goes back down after retention.
CREATE TABLE rooms (
    room    TEXT PRIMARY KEY,
    last_id BIGINT NOT NULL
);

CREATE TABLE messages (
    room      TEXT   NOT NULL,
    id        BIGINT NOT NULL,
    sender    TEXT   NOT NULL,
    text      TEXT   NOT NULL,
    ts        BIGINT NOT NULL,
    client_id TEXT,
    PRIMARY KEY (room, id)
);

CREATE UNIQUE INDEX messages_room_client_id ON messages (room, client_id) WHERE client_id IS NOT NULL;

-- Age retention deletes by timestamp across all rooms.
CREATE INDEX messages_ts ON messages (ts);
