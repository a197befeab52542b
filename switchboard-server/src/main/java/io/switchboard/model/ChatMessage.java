package io.switchboard.model;

/**
 * One stored chat message. {@code id} is assigned by the history store, per room, strictly
 * increasing; it is the position every transport resumes from. {@code clientId} is the sender's
 * idempotency key, or null.
 */
public record ChatMessage(long id, String room, String from, String text, long timestamp, String clientId) {
}
