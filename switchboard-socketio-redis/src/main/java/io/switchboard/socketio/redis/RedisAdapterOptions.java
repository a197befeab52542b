package io.switchboard.socketio.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Settings of the {@link RedisAdapter}. Immutable; change one field with its {@code with…} method.
 *
 * @param nodeId            this node's name in answers and in the registry (random by default;
 *                          a node that restarts should take a new one)
 * @param prefix            of every key and channel the adapter uses, so that several
 *                          applications can share one Redis
 * @param requestTimeout    how long an operation waits for the other nodes when the caller set no
 *                          timeout
 * @param heartbeatInterval how often a node renews its entry in the registry
 * @param nodeExpiry        how long after its last heartbeat a silent node stops being expected
 *                          (a killed or partitioned node's entry goes then)
 */
public record RedisAdapterOptions(
        String nodeId, String prefix, Duration requestTimeout, Duration heartbeatInterval, Duration nodeExpiry) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public RedisAdapterOptions {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(prefix, "prefix");
        if (nodeId.isEmpty() || nodeId.contains(":")) {
            throw new IllegalArgumentException("a node id is not empty and has no ':', got " + nodeId);
        }
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        if (nodeExpiry.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("nodeExpiry must be at least two heartbeat intervals");
        }
    }

    /** A random node id, prefix {@code sb:sio:}, 5 s requests, a heartbeat a second, expiry after 5 s. */
    public static RedisAdapterOptions defaults() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new RedisAdapterOptions(
                HexFormat.of().formatHex(bytes),
                "sb:sio:",
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5));
    }

    public RedisAdapterOptions withNodeId(String id) {
        return new RedisAdapterOptions(id, prefix, requestTimeout, heartbeatInterval, nodeExpiry);
    }

    public RedisAdapterOptions withPrefix(String p) {
        return new RedisAdapterOptions(nodeId, p, requestTimeout, heartbeatInterval, nodeExpiry);
    }

    public RedisAdapterOptions withRequestTimeout(Duration d) {
        return new RedisAdapterOptions(nodeId, prefix, d, heartbeatInterval, nodeExpiry);
    }

    /** The heartbeat and the expiry together: expiry must be at least two heartbeats. */
    public RedisAdapterOptions withHeartbeat(Duration interval, Duration expiry) {
        return new RedisAdapterOptions(nodeId, prefix, requestTimeout, interval, expiry);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
