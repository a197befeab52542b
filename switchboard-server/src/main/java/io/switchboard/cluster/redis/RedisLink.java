package io.switchboard.cluster.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One generation of the broker's connections to Redis: commands (publish) and pub/sub (subscribe).
 * A link that stops delivering is closed and replaced by a new one, never repaired. Thread-safe
 * (Lettuce's connections are).
 */
record RedisLink(
        StatefulRedisConnection<String, String> commands, StatefulRedisPubSubConnection<String, String> pubsub) {

    /**
     * Opens both connections, adds {@code listener} and subscribes to {@code channels}; completes
     * once Redis confirmed the subscriptions. On failure, whatever did open is closed.
     */
    static CompletableFuture<RedisLink> open(
            RedisClient client, RedisURI uri, RedisPubSubListener<String, String> listener, List<String> channels) {
        CompletableFuture<StatefulRedisConnection<String, String>> commands =
                client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> pubsub =
                client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture();
        CompletableFuture<RedisLink> link = commands.thenCombine(pubsub, RedisLink::new)
                .thenCompose(l -> {
                    l.pubsub().addListener(listener);
                    return l.pubsub()
                            .async()
                            .subscribe(channels.toArray(String[]::new))
                            .toCompletableFuture()
                            .thenApply(ignored -> l);
                });
        link.whenComplete((l, failure) -> {
            if (failure != null) {
                commands.thenAccept(StatefulRedisConnection::closeAsync);
                pubsub.thenAccept(StatefulRedisPubSubConnection::closeAsync);
            }
        });
        return link;
    }

    boolean open() {
        return commands.isOpen() && pubsub.isOpen();
    }

    void close() {
        commands.closeAsync();
        pubsub.closeAsync();
    }
}
