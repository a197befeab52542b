package io.switchboard.cluster.presence;

import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live nodes of a cluster, in one Redis sorted set {@code sb:nodes}: each member a node, its
 * score the time (Redis's clock, so the nodes' clocks need not agree) until which its last heartbeat
 * keeps it alive. A node is live while that time is ahead, dead after it, and forgotten (removed)
 * once it is {@link #FORGET} behind, long after every other node had the time to notice. The set
 * itself expires {@link #FORGET} after the last heartbeat of any node.
 *
 * <p>Called on the presence heartbeat thread only.
 */
final class NodeRegistry {
    static final String KEY = "sb:nodes";
    static final Duration FORGET = Duration.ofSeconds(60);

    private final RedisCommands<String, String> redis;
    private final String node;
    private final Duration timeout;

    NodeRegistry(RedisCommands<String, String> redis, String node, Duration timeout) {
        this.redis = redis;
        this.node = node;
        this.timeout = timeout;
    }

    /** One heartbeat: this node alive for another {@code timeout}; returns what Redis knows of every node. */
    Nodes heartbeat() {
        long now = redisMillis();
        redis.zadd(KEY, (double) (now + timeout.toMillis()), node);
        redis.pexpire(KEY, FORGET.toMillis());
        redis.zremrangebyscore(KEY, Range.create(Double.NEGATIVE_INFINITY, (double) (now - FORGET.toMillis())));
        Map<String, Long> aliveUntil = new HashMap<>();
        List<ScoredValue<String>> all = redis.zrangeWithScores(KEY, 0, -1);
        for (ScoredValue<String> v : all) {
            aliveUntil.put(v.getValue(), (long) v.getScore());
        }
        return new Nodes(now, Map.copyOf(aliveUntil));
    }

    /** Takes this node out at once (a clean shutdown): the others need not wait for its timeout. */
    void leave() {
        redis.zrem(KEY, node);
    }

    private long redisMillis() {
        List<String> time = redis.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** What one heartbeat saw: Redis's time and each known node's end of life. Immutable. */
    record Nodes(long now, Map<String, Long> aliveUntil) {
        static final Nodes NONE = new Nodes(0, Map.of());

        boolean isLive(String node) {
            Long until = aliveUntil.get(node);
            return until != null && until > now;
        }

        /** Dead and not yet forgotten: its members still in Redis are to be announced gone. */
        boolean isDead(String node) {
            Long until = aliveUntil.get(node);
            return until != null && until <= now;
        }
    }
}
