package io.switchboard.model;

/**
 * One stored chat message. {@code id} is assigned by the history store, per room, strictly
 * increasing; it is the position every transport resumes from. {@code clientId} is the sender's
 * idempotency key, or null. {@code senderId} names who sent it: a member id (what member lists
 * show as {@code sessionId}) for a session or an HTTP client that gave {@code client=}, {@code
 * nick:<from>} for an HTTP post without one, or null (unknown, e.g. stored before senders were).
 */
public record ChatMessage(
        long id, String room, String from, String text, long timestamp, String clientId, String senderId) {

    public ChatMessage(long id, String room, String from, String text, long timestamp, String clientId) {
        this(id, room, from, text, timestamp, clientId, null);
    }
}
