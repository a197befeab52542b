package io.switchboard.history;

/**
 * A message before the store has given it an id. {@code clientId} may be null. {@code senderId}
 * scopes the client id: the store keeps one message per (room, senderId, clientId), so two senders
 * that pick the same client id each get their own message. Null is a sender of its own (tests and
 * tools that have no identity).
 */
public record NewMessage(String room, String from, String text, long timestamp, String clientId, String senderId) {

    public NewMessage(String room, String from, String text, long timestamp, String clientId) {
        this(room, from, text, timestamp, clientId, null);
    }

    /** The idempotency scope of this message: its room, sender and client id. */
    ClientKey clientKey() {
        return clientId == null ? null : new ClientKey(room, senderId == null ? "" : senderId, clientId);
    }

    /** A client id is unique per room and sender, not per room. */
    record ClientKey(String room, String senderId, String clientId) {}
}
