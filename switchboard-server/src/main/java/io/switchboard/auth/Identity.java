package io.switchboard.auth;

import java.time.Instant;

/**
 * Who a verified token says the client is: {@code subject} (the {@code sub} claim, the user id
 * every message the client sends is stored {@code from}), {@code name} (the display name, the
 * subject when the token has none), when the token expires, and the rooms it grants.
 *
 * <p>Immutable; thread-safe.
 */
public record Identity(String subject, String name, Instant expiresAt, RoomGrant rooms) {
    public boolean mayUse(String room) {
        return rooms.allows(room);
    }
}
