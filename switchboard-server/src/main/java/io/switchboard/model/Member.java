package io.switchboard.model;

/**
 * A session as other room members see it: its member id and its nickname at the time of the event.
 * The member id is the session's own id, or for a client that named itself with a client id, an id
 * derived from that ({@link MemberIds}), the same on every transport and reconnect of the client:
 * all of its sessions in a room are one member.
 */
public record Member(SessionId sessionId, String nick) {}
