package io.switchboard.socketio;

import java.util.Set;

/**
 * Whom a broadcast or a socket operation is for, as an {@link Adapter} sees it. Immutable.
 *
 * @param rooms        the sockets in any of these rooms; all sockets of the namespace when empty
 * @param except       minus the sockets in any of these rooms (a socket id is a room of one)
 * @param volatileFlag sent only to sockets that can take it at once, otherwise dropped
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean volatileFlag) {
    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }

    /** Every socket of the namespace. */
    public static BroadcastOptions all() {
        return new BroadcastOptions(Set.of(), Set.of(), false);
    }
}
