package io.switchboard.socketio.redis;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live nodes of one namespace, kept in Redis so that every node knows whom to expect an answer
 * from: a sorted set {@code <prefix>{<ns>}:nodes} of node ids scored by when each entry expires
 * (in Redis's own clock, so the nodes' clocks do not matter). Each heartbeat adds this node with
 * a new expiry, drops the entries that expired, renews the key's TTL (the whole set goes when
 * every node is gone) and reads the rest, in one script.
 *
 * <p>Thread-safe: heartbeats run on the link's scheduler; {@link #live} is a volatile snapshot.
 */
final class NodeRegistry {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

    // Redis 7 replicates a script's effects, so TIME may be read before writing
    private static final String HEARTBEAT =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """;

    private final RedisLink link;
    private final String key;
    private final RedisAdapterOptions options;
    /** The nodes alive at the last heartbeat, this one included. */
    private volatile Set<String> live;

    private ScheduledFuture<?> beat;

    NodeRegistry(RedisLink link, String key, RedisAdapterOptions options) {
        this.link = link;
        this.key = key;
        this.options = options;
        this.live = Set.of(options.nodeId());
    }

    /** Registers this node now, then keeps it registered; completes after the first heartbeat. */
    CompletableFuture<Void> start() {
        CompletableFuture<Void> first = heartbeat();
        long every = options.heartbeatInterval().toMillis();
        beat = link.scheduler().scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        return first;
    }

    private CompletableFuture<Void> heartbeat() {
        CompletableFuture<List<String>> answer = link.async()
                .<List<String>>eval(
                        HEARTBEAT,
                        ScriptOutputType.MULTI,
                        new String[] {key},
                        options.nodeId(),
                        Long.toString(options.nodeExpiry().toMillis()))
                .toCompletableFuture();
        return answer.handle((nodes, failure) -> {
            if (failure != null) {
                log.debug("socket.io-redis: heartbeat of {} failed: {}", key, failure.toString());
            } else {
                live = Set.copyOf(nodes);
            }
            return null;
        });
    }

    /** The nodes alive at the last heartbeat, this one included. */
    Set<String> live() {
        return live;
    }

    /** The other nodes expected to answer a request now. */
    Set<String> others() {
        Set<String> now = live;
        if (!now.contains(options.nodeId())) {
            return now;
        }
        return now.stream().filter(n -> !n.equals(options.nodeId())).collect(Collectors.toUnmodifiableSet());
    }

    /** Stops the heartbeat and takes this node out at once, so that nobody waits for it. */
    void stop() {
        if (beat != null) {
            beat.cancel(false);
        }
        try {
            link.async().zrem(key, options.nodeId()).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the entry expires on its own
            log.debug("socket.io-redis: could not leave {}: {}", key, e.toString());
        }
    }
}
