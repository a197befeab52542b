package io.switchboard.cluster.presence;

import java.time.Duration;

/**
 * How often a node tells Redis it is alive, and how long after its last heartbeat it counts as dead.
 * A dead node's members leave on the other nodes at most {@code nodeTimeout + heartbeat} after its
 * last heartbeat (and a heartbeat's round trip). Immutable.
 */
public record PresenceSettings(Duration heartbeat, Duration nodeTimeout) {
    /** Heartbeats every second, dead after 5 s of silence: members of a dead node leave within 6 s. */
    public static final PresenceSettings DEFAULTS = new PresenceSettings(Duration.ofSeconds(1), Duration.ofSeconds(5));

    public PresenceSettings {
        if (heartbeat.isNegative() || heartbeat.isZero() || nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "the node timeout must be at least two heartbeats, got " + heartbeat + " and " + nodeTimeout);
        }
    }
}
