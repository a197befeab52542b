package io.switchboard.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.switchboard.cluster.NodeId;
import io.switchboard.cluster.presence.ClusterPresence;
import io.switchboard.cluster.presence.LocalRooms;
import io.switchboard.cluster.presence.PresenceSettings;
import io.switchboard.hub.Hub;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.redis.forward.RedisRemoteSessions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own part of a cluster (docs/cluster.md): its {@link NodeId}, its Redis client, and what
 * rides on them here: presence across nodes ({@link ClusterPresence}) and Engine.IO sessions served
 * from any node ({@link RedisRemoteSessions}). Made
 * only with {@code --redis}; the chat's broker has its own connections.
 *
 * <p>Thread-safe; {@link #close} once, at shutdown, after the Socket.IO sessions closed.
 */
final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final NodeId id;
    private final RedisClient redis;
    private final ClusterPresence presence;
    private RedisRemoteSessions remoteSessions;

    private ClusterNode(NodeId id, RedisClient redis) {
        this.id = id;
        this.redis = redis;
        this.presence = new ClusterPresence(redis, id, PresenceSettings.DEFAULTS);
    }

    /** The one place this part of the server makes its Redis client, from {@code --redis}. */
    static ClusterNode connect(ServerConfig config) {
        RedisClient client = RedisClient.create(config.redis());
        try {
            return new ClusterNode(NodeId.random(), client);
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw new StartupException(
                    "--redis " + ClusterFlags.redacted(config.redis()) + ": cannot connect (" + e.getMessage() + ")",
                    e);
        }
    }

    ClusterPresence presence() {
        return presence;
    }

    /**
     * Starts the heartbeats and gives {@code hub} the members of other nodes; the hub must publish
     * through {@code presence().recording(…)} so that its own members are recorded.
     */
    void startPresence(Hub hub) {
        hub.remoteMembers(presence);
        presence.start(new LocalRooms() {
            @Override
            public List<Member> localMembers(String room) {
                return hub.localMembers(room);
            }

            @Override
            public void deliverLocally(HubEvent event) {
                hub.deliverLocally(event);
            }
        });
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
        presence.close();
        if (remoteSessions != null) {
            remoteSessions.close();
        }
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
