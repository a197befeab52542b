package io.switchboard.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.switchboard.cluster.NodeId;
import io.switchboard.cluster.presence.ClusterPresence;
import io.switchboard.cluster.presence.LocalRooms;
import io.switchboard.cluster.presence.PresenceSettings;
import io.switchboard.cluster.redis.RedisBroker;
import io.switchboard.hub.Hub;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.redis.forward.RedisRemoteSessions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own part of a cluster (docs/cluster.md, "One node, one id, one client"): the one place
 * a clustered node gets its {@link NodeId} and its Lettuce {@link ClientResources} (event loops and
 * timers) and {@link RedisClient}, which every part of the node shares: the chat's broker
 * ({@link #broker}: a thin client of its own on these resources, since it needs other client options),
 * presence across nodes ({@link ClusterPresence}), Engine.IO sessions served from any node
 * ({@link RedisRemoteSessions}) and the Socket.IO adapter ({@link SocketIoCluster}). Each opens its
 * own connections (pub/sub apart from commands) on them. Made by {@link Components#fromConfig} with
 * {@code --redis}; the server closes it last, after the broker and the Socket.IO server.
 *
 * <p>Thread-safe; {@link #leave} once, at shutdown, after the Socket.IO sessions closed, and
 * {@link #close} after every other user of the client.
 */
final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final NodeId id;
    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient redis;
    private final ClusterPresence presence;
    private RedisRemoteSessions remoteSessions;
    private final AtomicBoolean left = new AtomicBoolean();

    private ClusterNode(NodeId id, RedisURI uri, ClientResources resources, RedisClient redis) {
        this.id = id;
        this.uri = uri;
        this.resources = resources;
        this.redis = redis;
        this.presence = new ClusterPresence(redis, id, PresenceSettings.DEFAULTS);
    }

    /**
     * This node's id and Redis client, from {@code --redis}: a URL Lettuce cannot use, or a Redis
     * that does not answer, is a {@link StartupException} (nothing is left running then).
     */
    static ClusterNode connect(ServerConfig config) {
        String redacted = ClusterFlags.redacted(config.redis());
        RedisURI uri;
        try {
            uri = RedisURI.create(config.redis());
        } catch (IllegalArgumentException e) {
            // Lettuce's message may quote the URL, password and all
            String why = String.valueOf(e.getMessage()).replace(config.redis(), redacted);
            throw new StartupException("--redis " + redacted + ": " + why, e);
        }
        NodeId id = NodeId.random();
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        try {
            ClusterNode node = new ClusterNode(id, uri, resources, client);
            log.info("cluster: node {} on Redis {}", id, redacted);
            return node;
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new StartupException("--redis " + redacted + ": cannot connect (" + e.getMessage() + ")", e);
        }
    }

    /** The chat's broker of this node: its id, on this node's resources (closed before {@link #close}). */
    RedisBroker broker() {
        return new RedisBroker(resources, uri, id);
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

    /** The client the Socket.IO adapter shares (presence and forwarding have their connections on it). */
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
        log.debug("cluster node {}: Engine.IO sessions served from any node", id);
    }

    /** Takes this node out of presence and forwarding; the client stays for the broker and the adapter. */
    void leave() {
        if (!left.compareAndSet(false, true)) {
            return;
        }
        presence.close();
        if (remoteSessions != null) {
            remoteSessions.close();
        }
    }

    /** Shuts the client and its threads down: last, once nothing of this node uses Redis any more. */
    @Override
    public void close() {
        leave();
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
