package io.switchboard.server;

import io.lettuce.core.RedisClient;
import io.switchboard.cluster.NodeId;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.redis.forward.RedisRemoteSessions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own part of a cluster (docs/cluster.md): its {@link NodeId}, its Redis client, and what
 * rides on them here: Engine.IO sessions served from any node ({@link RedisRemoteSessions}). Made
 * only with {@code --redis}; the chat's broker has its own connections.
 *
 * <p>Thread-safe; {@link #close} once, at shutdown, after the Socket.IO sessions closed.
 */
final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final NodeId id;
    private final RedisClient redis;
    private RedisRemoteSessions remoteSessions;

    private ClusterNode(NodeId id, RedisClient redis) {
        this.id = id;
        this.redis = redis;
    }

    /** The one place this part of the server makes its Redis client, from {@code --redis}. */
    static ClusterNode connect(ServerConfig config) {
        return new ClusterNode(NodeId.random(), RedisClient.create(config.redis()));
    }

    NodeId id() {
        return id;
    }

    RedisClient redis() {
        return redis;
    }

    /**
     * Lets {@code socketIo} serve sessions of other nodes and other nodes serve its own: a forwarded
     * poll may wait for the owner as long as a held poll lasts (the ping interval) and the ping
     * timeout on top.
     */
    void serveSessionsOfEveryNode(SocketIoServer socketIo) {
        Duration wait = socketIo.config()
                .engine()
                .pingInterval()
                .plus(socketIo.config().engine().pingTimeout())
                .plusSeconds(5);
        remoteSessions = new RedisRemoteSessions(redis, id.value(), wait);
        socketIo.engine().remoteSessions(remoteSessions);
        log.info("cluster node {}: Engine.IO sessions served from any node", id);
    }

    @Override
    public void close() {
        if (remoteSessions != null) {
            remoteSessions.close();
        }
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
