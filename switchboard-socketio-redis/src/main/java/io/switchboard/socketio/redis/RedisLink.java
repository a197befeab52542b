package io.switchboard.socketio.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis connections the adapters of one server share: one for commands and publishing, one
 * for subscriptions (Lettuce reconnects both and resubscribes by itself), and one scheduler thread
 * for heartbeats, session refreshes and timeouts. Opened by the first adapter, closed with the
 * last ({@link #retain}/{@link #release}).
 *
 * <p>Thread-safe. Listeners are called on a Lettuce I/O thread and must not block.
 */
final class RedisLink {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private final RedisClient client;
    /** Whether the client is ours to shut down (made from a URI) or the caller's. */
    private final boolean ownsClient;
    /** Channel → its listener; one adapter per channel. */
    private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private int users;
    /**
     * Set under the lock while {@link #users} is positive, read without it: a Lettuce I/O thread
     * publishes replies, and must never wait for a thread that closes a connection under the lock
     * (the close waits for that I/O thread).
     */
    private volatile StatefulRedisConnection<String, String> commands;

    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile ScheduledExecutorService scheduler;

    RedisLink(RedisClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    synchronized void retain() {
        if (users > 0) {
            users++;
            return;
        }
        // fails fast when Redis cannot be reached; nothing is held then
        commands = client.connect();
        try {
            pubsub = client.connectPubSub();
        } catch (RuntimeException e) {
            commands.close();
            throw e;
        }
        users = 1;
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Consumer<String> l = listeners.get(channel);
                if (l == null) {
                    return;
                }
                try {
                    l.accept(message);
                } catch (RuntimeException e) {
                    log.warn("socket.io-redis: could not handle a message on {}", channel, e);
                }
            }
        });
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "socketio-redis");
            t.setDaemon(true);
            return t;
        });
    }

    void release() {
        StatefulRedisConnection<String, String> c;
        StatefulRedisPubSubConnection<String, String> p;
        ScheduledExecutorService sch;
        synchronized (this) {
            if (--users > 0) {
                return;
            }
            c = commands;
            p = pubsub;
            sch = scheduler;
        }
        // outside the lock: closing waits for the I/O threads, which may be publishing
        sch.shutdownNow();
        p.close();
        c.close();
        if (ownsClient) {
            client.shutdown();
        }
    }

    RedisAsyncCommands<String, String> async() {
        return commands.async();
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Subscribes to the channels; completes once Redis confirmed. */
    CompletableFuture<Void> subscribe(Map<String, Consumer<String>> byChannel) {
        listeners.putAll(byChannel);
        return pubsub.async()
                .subscribe(byChannel.keySet().toArray(String[]::new))
                .toCompletableFuture()
                .thenApply(v -> null);
    }

    void unsubscribe(Iterable<String> channels) {
        StatefulRedisPubSubConnection<String, String> c = pubsub;
        for (String ch : channels) {
            listeners.remove(ch);
            if (c.isOpen()) {
                c.async().unsubscribe(ch);
            }
        }
    }

    CompletableFuture<Long> publish(String channel, String message) {
        return async().publish(channel, message).toCompletableFuture();
    }
}
