package io.switchboard.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;

/**
 * Makes the broker's Lettuce client. Lettuce's own reconnect is off: the broker rebuilds its
 * connections itself (with {@link Backoff}), for a dropped connection and for one that is open but
 * no longer delivers alike, so there is one path to test. Commands on a connection that is down fail
 * at once instead of queueing in memory for the whole outage.
 */
final class RedisClients {
    /** Connecting, and every command (a publish, a subscribe), gives up after this. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Commands waiting to be written or answered on one connection; beyond this a publish fails. */
    private static final int REQUEST_QUEUE = 100_000;

    private RedisClients() {}

    /** A client on threads of its own (a broker made without a node's shared resources). */
    static RedisClient create(RedisURI uri) {
        return create(
                DefaultClientResources.builder()
                        .ioThreadPoolSize(2)
                        .computationThreadPoolSize(1)
                        .build(),
                uri);
    }

    /**
     * A client on {@code resources}, which a clustered node shares among its parts: the options
     * below are the broker's own (a client's options are per client, not per resources), so the
     * broker has its own thin client on the node's threads.
     */
    static RedisClient create(ClientResources resources, RedisURI uri) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(TIMEOUT)
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        return client;
    }
}
