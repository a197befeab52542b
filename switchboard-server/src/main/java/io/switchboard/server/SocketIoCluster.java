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
 * <p>The adapter makes its own Lettuce client from the URL and shuts it down when the Socket.IO
 * server closes. Stateless.
 */
final class SocketIoCluster {
    private SocketIoCluster() {}

    /** {@code io} as it is for this node: unchanged unless the node is clustered. */
    static SocketIoConfig forNode(SocketIoConfig io, ServerConfig config) {
        if (!config.clustered()) {
            return io;
        }
        return io.withAdapter(RedisAdapter.factory(config.redis(), RedisAdapterOptions.defaults()));
    }
}
