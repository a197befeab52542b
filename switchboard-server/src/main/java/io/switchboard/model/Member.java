package io.switchboard.model;

/** A session as other room members see it: its id and its nickname at the time of the event. */
public record Member(SessionId sessionId, String nick) {
}
