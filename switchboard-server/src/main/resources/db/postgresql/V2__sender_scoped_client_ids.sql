-- Client ids are idempotency keys of one sender, not of the whole room: another sender that picks
-- the same client id gets a message of its own (issue #9). sender_id is who sent the message (a
-- member id, or nick:<from> for an HTTP post without a client id); '' for rows stored before
-- senders were recorded, which keep their room-wide keys among themselves.
ALTER TABLE messages ADD COLUMN sender_id TEXT NOT NULL DEFAULT '';
DROP INDEX messages_room_client_id;
CREATE UNIQUE INDEX messages_room_sender_client_id ON messages (room, sender_id, client_id) WHERE client_id IS NOT NULL;
