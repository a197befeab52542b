package io.switchboard.socketio;

import java.time.Duration;
import java.util.Set;

/**
 * Whom a broadcast or a socket operation is for, as an {@link Adapter} sees it. Immutable.
 *
 * @param rooms        the sockets in any of these rooms; all sockets of the namespace when empty
 * @param except       minus the sockets in any of these rooms (a socket id is a room of one)
 * @param volatileFlag sent only to sockets that can take it at once, otherwise dropped
 * @param timeout      how long a cross-node operation waits for the other nodes (and a broadcast
 *                     with an ack for the clients); null for the adapter's default
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean volatileFlag, Duration timeout) {
    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public BroadcastOptions(Set<String> rooms, Set<String> except, boolean volatileFlag) {
        this(rooms, except, volatileFlag, null);
    }

    /** Every socket of the namespace. */
    public static BroadcastOptions all() {
        return new BroadcastOptions(Set.of(), Set.of(), false);
    }

    /** {@link #timeout} or, when none was set, {@code fallback}. */
    public Duration timeoutOr(Duration fallback) {
        return timeout == null ? fallback : timeout;
    }
}
