package io.switchboard.auth;

import java.util.List;

/**
 * The rooms a token lets its holder join, read and post to: the {@code rooms} claim, each entry a
 * room name or a {@code prefix*} pattern. A token without the claim may use every room.
 *
 * <p>Immutable; thread-safe.
 */
public record RoomGrant(List<String> patterns) {
    /** No {@code rooms} claim: every room. */
    public static final RoomGrant ANY = new RoomGrant(null);

    public RoomGrant {
        patterns = patterns == null ? null : List.copyOf(patterns);
    }

    /** Whether {@code room} is one of the names, or starts with a pattern's prefix. */
    public boolean allows(String room) {
        if (patterns == null) {
            return true;
        }
        for (String p : patterns) {
            if (p.endsWith("*") ? room.startsWith(p.substring(0, p.length() - 1)) : room.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
