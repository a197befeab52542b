package io.switchboard.history;

/** A message before the store has given it an id. {@code clientId} may be null. */
public record NewMessage(String room, String from, String text, long timestamp, String clientId) {
}
