package io.switchboard.server;

import io.switchboard.socketio.SocketIoConfig;
import io.switchboard.socketio.redis.RedisAdapter;
import io.switchboard.socketio.redis.RedisAdapterOptions;

/**
 * The chat's Socket.IO server as one of many nodes: with {@code --redis} its namespaces get the
 * {@link RedisAdapter}, which stores the sessions of connection state recovery in Redis (so a
 * client recovers on any node, also after its node was killed) and answers cross-node socket
 * operations. The chat's own messages cross nodes through the chat's broker, not the adapter.
 *
 * <p>The adapter runs as the node it is on: the {@link ClusterNode}'s id (the one in its Engine.IO
 * session ids and presence heartbeats, and the broker's) and its Redis client, on which it opens its
 * own connections; the node shuts the client down. Stateless.
 */
final class SocketIoCluster {
    private SocketIoCluster() {}

    /** {@code io} as it is for this node: unchanged unless the node is clustered ({@code cluster} not null). */
    static SocketIoConfig forNode(SocketIoConfig io, ClusterNode cluster) {
        if (cluster == null) {
            return io;
        }
        return io.withAdapter(RedisAdapter.factory(
                cluster.redis(),
                RedisAdapterOptions.defaults().withNodeId(cluster.id().value())));
    }
}
